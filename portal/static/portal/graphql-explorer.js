// The /graphql/ explorer: GraphiQL from our own static files (portal/graphql/explorer.py).
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("explorer-config").textContent);

  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  // Session requests carry the CSRF token; a pasted bearer token replaces the session.
  // The schema is always fetched with the staff session: a token's user is not staff, so
  // introspection under the token would be refused and the docs would go blank.
  function fetcher(params, options) {
    var headers = { "Content-Type": "application/json", Accept: "application/json" };
    var extra = (options && options.headers) || {};
    var introspection = params.operationName === "IntrospectionQuery";
    Object.keys(extra).forEach(function (key) {
      if (!(introspection && key.toLowerCase() === "authorization")) headers[key] = extra[key];
    });
    headers[config.csrfHeaderName] = cookie(config.csrfCookieName);
    return fetch(config.url, {
      method: "POST",
      headers: headers,
      body: JSON.stringify(params),
      credentials: "same-origin",
    }).then(function (response) {
      return response.json();
    });
  }

  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  var mounted = 0;

  // GraphiQL opens a `query` it has not seen before in a new tab, so remounting it with
  // an example keeps the person's other tabs.
  function show(query) {
    mounted += 1;
    root.render(
      React.createElement(GraphiQL, {
        key: mounted,
        fetcher: fetcher,
        query: query,
        isHeadersEditorEnabled: true,
        shouldPersistHeaders: false,
      })
    );
  }

  var select = document.getElementById("explorer-examples");
  config.operations.forEach(function (operation, index) {
    var option = document.createElement("option");
    option.value = String(index);
    option.textContent = operation.name;
    select.appendChild(option);
  });
  select.addEventListener("change", function () {
    if (select.value !== "") show(config.operations[Number(select.value)].query);
  });

  show(undefined);
})();
