"""The /graphql/ endpoint: graphene-django's view with the club's limits and error policy.

What a client can rely on:
- POST `application/json` (`{"query", "variables", "operationName"}`) for everything;
  GET `?query=...` for queries only (a mutation over GET is refused with 405).
- Every failure is GraphQL-shaped JSON, `{"errors": [{"message", "extensions": {"code"}}]}`,
  with HTTP 400 for a request that cannot run (bad JSON, syntax, validation, limits), 413
  for an oversized body, 403 for a failed CSRF check, and 200 when execution ran and some
  fields failed (e.g. INVALID_CURSOR). A bug in a resolver is logged with its traceback
  and reported as INTERNAL_ERROR without details unless DEBUG is on. Never a 500.
- Responses are `application/json`, or `application/graphql-response+json` when the
  client's Accept header asks for it (GraphQL over HTTP); the status codes above hold for
  both (4xx with no `data` when the request could not run, 200 once execution started).
- CSRF, as Django REST framework applies it to session authentication: a POST that carries
  the session cookie must carry the CSRF token (cookie `csrftoken`, header `X-CSRFToken`;
  the view sets the cookie on every response), and so must the mutations that start a
  session (`login`, `loginWithSmsCode`, `register`: a forged sign-in would put a victim in
  the attacker's account). A request without the session cookie has no ambient
  credential to protect: server-side renderers, apps and curl need no token.
- API clients (marketing tools) send `Authorization: Bearer <token>`. Such requests skip
  the CSRF check — browsers never attach that header by themselves, so it cannot be
  forged cross-site — and are authenticated by the token alone, never by a session cookie
  that happens to ride along (portal/graphql/identity.py).
- A request refused by a rate limit (an anonymous door, or a token over its allowance) is
  HTTP 429 with `Retry-After` and a RATE_LIMITED error carrying `extensions.retryAfter`
  (portal/graphql/ratelimit.py).

- A browser opening /graphql/ (GET, Accept text/html, no query) gets the GraphiQL explorer
  instead (portal/graphql/explorer.py).

- A document that parsed and validated is kept (portal/graphql/documents.py), so the
  next request with the same text skips both.
- Validation plus execution has a wall-clock budget (`MAX_SECONDS`); past it the work
  stops and the answer is HTTP 503 `QUERY_TIMEOUT` (portal/graphql/deadline.py).
"""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.signing import BadSignature
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView, HttpError
from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    execute,
    validate,
)
from graphql.execution import MiddlewareManager
from graphql.utilities import get_operation_ast
from graphql.validation import specified_rules
from graphql.validation.validate import ValidationAbortedError

from core.errors import DomainError
from core.http import csrf_failure_reason, request_carries_session
from core.ratelimit import RateLimited
from portal.graphql.arguments import GrappleArgumentsMiddleware
from portal.graphql.deadline import (
    Deadline,
    DeadlineExceeded,
    DeadlineMiddleware,
    deadline_for_queries,
    deadline_validation_rule,
)
from portal.graphql.documents import validated_documents
from portal.graphql.explorer import explorer_response, explorer_wanted
from portal.graphql.identity import bearer_token, request_identify
from portal.graphql.limits import (
    Limits,
    NoIntrospectionRule,
    document_parse,
    introspection_allowed,
    limit_error,
    operation_cost,
)
from portal.graphql.persisted import persisted_operation_required

logger = logging.getLogger("portal.graphql")

MAX_VALIDATION_ERRORS = 20
GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"

# Root mutation fields that start a session: CSRF applies to them even without a session
# cookie (login CSRF).
SESSION_STARTING_MUTATIONS = frozenset({"login", "loginWithSmsCode", "register"})


# --- CSRF ------------------------------------------------------------------------------


def _csrf_refused() -> RequestRefused:
    return RequestRefused(_("CSRF 校验失败，请刷新页面后重试。"), "CSRF_FAILED", 403)


def root_field_names(document: DocumentNode, operation: OperationDefinitionNode) -> set[str]:
    """The root fields an operation selects, through inline fragments and fragment spreads."""
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    names: set[str] = set()
    pending = [operation.selection_set]
    seen: set[str] = set()
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode):
                names.add(selection.name.value)
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in fragments and name not in seen:
                    seen.add(name)
                    pending.append(fragments[name].selection_set)
    return names


def wants_graphql_response_json(request: HttpRequest) -> bool:
    """Whether the client asked for the GraphQL-over-HTTP media type."""
    return GRAPHQL_RESPONSE_JSON in request.META.get("HTTP_ACCEPT", "")


# --- errors ----------------------------------------------------------------------------


def error_response(message: str, code: str, status: int, **extensions) -> JsonResponse:
    return JsonResponse(
        {"errors": [{"message": str(message), "extensions": {"code": code, **extensions}}]},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


_HTTP_ERROR_CODES = {400: "BAD_REQUEST", 405: "METHOD_NOT_ALLOWED", 413: "REQUEST_TOO_LARGE"}


def _http_error_message(code: str) -> str:
    """Our words for graphene's own refusals (whose messages are English)."""
    if code == "METHOD_NOT_ALLOWED":
        return _("仅支持 GET 与 POST 请求。")
    if code == "REQUEST_TOO_LARGE":
        return _("请求过大。")
    return _("请求格式无效：请以 JSON 对象发送 query、variables 与 operationName。")


class RequestRefused(HttpError):
    """A request refused before execution, with its HTTP status and error code."""

    def __init__(self, message: str, code: str, status: int) -> None:
        super().__init__(HttpResponse(status=status), str(message))
        self.code = code


def graphql_error_format(error: Exception) -> dict:
    """One error as the client sees it, always with `extensions.code`."""
    if isinstance(error, HttpError):
        code = getattr(error, "code", None)
        if code is None:
            code = _HTTP_ERROR_CODES.get(error.response.status_code, "BAD_REQUEST")
            return {"message": _http_error_message(code), "extensions": {"code": code}}
        return {"message": error.message, "extensions": {"code": code}}
    if not isinstance(error, GraphQLError):
        return {
            "message": _http_error_message("BAD_REQUEST"),
            "extensions": {"code": "BAD_REQUEST"},
        }
    original = error.original_error
    formatted = error.formatted
    extensions = dict(formatted.get("extensions") or {})
    if original is None or isinstance(original, GraphQLError):
        extensions.setdefault("code", "GRAPHQL_VALIDATION_FAILED")
    elif isinstance(original, DomainError):
        formatted["message"] = original.message
        extensions["code"] = original.code
        if isinstance(original, RateLimited):
            extensions["retryAfter"] = original.retry_after
        if original.field:
            extensions["field"] = original.field
    elif isinstance(original, BadSignature):
        formatted["message"] = _("预览令牌无效。")
        extensions["code"] = "INVALID_PREVIEW_TOKEN"
    else:
        logger.error(
            "GraphQL resolver failed at %s",
            ".".join(str(part) for part in error.path or ()),
            exc_info=(type(original), original, original.__traceback__),
        )
        if not settings.DEBUG:
            formatted["message"] = _("服务器内部错误，请稍后重试。")
        extensions["code"] = "INTERNAL_ERROR"
    formatted["extensions"] = extensions
    return formatted


def _validation_error(error: GraphQLError) -> GraphQLError:
    """graphql-core gives up on documents too complex to validate, in English; say so in ours."""
    if isinstance(error, ValidationAbortedError):
        return limit_error(_("查询过于复杂，无法校验：请简化查询。"), "QUERY_TOO_COMPLEX")
    return error


# --- the view --------------------------------------------------------------------------


class ClubGraphQLView(GraphQLView):
    """graphene-django's GraphQLView with limits, CSRF/bearer handling and coded errors."""

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if explorer_wanted(request):
            return explorer_response(request)
        response = self._dispatch(request, *args, **kwargs)
        retry_after = getattr(request, "rate_limit_retry_after", None)
        if retry_after:
            # A door refused a field or the whole request (portal/graphql/ratelimit.py).
            response.status_code = 429
            response["Retry-After"] = str(retry_after)
        if wants_graphql_response_json(request) and response.get("Content-Type", "").startswith(
            "application/json"
        ):
            response["Content-Type"] = f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8"
        return response

    def _dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        limits = Limits.from_settings()
        too_large = self._body_too_large(request, limits)
        if too_large is not None:
            return too_large
        try:
            request_identify(request)
        except DomainError as error:
            if isinstance(error, RateLimited):
                response = error_response(
                    error.message, error.code, status=429, retryAfter=error.retry_after
                )
                response["Retry-After"] = str(error.retry_after)
                return response
            return error_response(error.message, error.code, status=401)
        # None: not checked yet (a session-starting mutation still checks it).
        request.graphql_csrf_passed = None
        unsafe = request.method not in ("GET", "HEAD", "OPTIONS", "TRACE")
        if unsafe and bearer_token(request) is None and request_carries_session(request):
            if csrf_failure_reason(request) is not None:
                error = _csrf_refused()
                return error_response(error.message, error.code, status=403)
            request.graphql_csrf_passed = True
        request.graphql_limits = limits
        try:
            return super().dispatch(request, *args, **kwargs)
        except RequestDataTooBig:
            return self._too_large(limits)

    def _body_too_large(self, request: HttpRequest, limits: Limits) -> HttpResponse | None:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        query_string = request.META.get("QUERY_STRING", "")
        if declared > limits.max_body_bytes or len(query_string) > limits.max_body_bytes:
            return self._too_large(limits)
        return None

    def _too_large(self, limits: Limits) -> HttpResponse:
        return error_response(
            _("请求过大：最多 %(max)d 字节。") % {"max": limits.max_body_bytes},
            "REQUEST_TOO_LARGE",
            status=413,
        )

    def parse_body(self, request: HttpRequest):
        limits: Limits = request.graphql_limits
        if len(request.body) > limits.max_body_bytes:
            raise RequestRefused(
                _("请求过大：最多 %(max)d 字节。") % {"max": limits.max_body_bytes},
                "REQUEST_TOO_LARGE",
                413,
            )
        return super().parse_body(request)

    @staticmethod
    def get_graphql_params(request, data):
        query, variables, operation_name, id = GraphQLView.get_graphql_params(request, data)
        if variables is not None and not isinstance(variables, dict):
            raise RequestRefused(_("variables 必须是 JSON 对象。"), "BAD_REQUEST", 400)
        if operation_name is not None and not isinstance(operation_name, str):
            raise RequestRefused(_("operationName 必须是字符串。"), "BAD_REQUEST", 400)
        return query, variables, operation_name, id

    def execute_graphql_request(
        self, request, data, query, variables, operation_name, show_graphiql=False
    ):
        if not query:
            raise RequestRefused(_("请求中缺少 query。"), "BAD_REQUEST", 400)
        limits: Limits = request.graphql_limits
        deadline = Deadline(limits.max_seconds)
        try:
            result = self._run(request, query, variables, operation_name, limits, deadline)
        except DeadlineExceeded:
            logger.warning("GraphQL request stopped after %.1f s", deadline.seconds)
            raise RequestRefused(
                _("查询超时（上限 %(seconds)s 秒）：请缩小查询范围后重试。")
                % {"seconds": f"{deadline.seconds:g}"},
                "QUERY_TIMEOUT",
                503,
            ) from None
        waits = [
            error.original_error.retry_after
            for error in result.errors or ()
            if isinstance(getattr(error, "original_error", None), RateLimited)
        ]
        if waits:  # dispatch answers 429 with the longest wait
            request.rate_limit_retry_after = max(waits)
        return result

    def _run(self, request, query, variables, operation_name, limits, deadline):
        schema = self.schema.graphql_schema
        open_schema = introspection_allowed(request)
        cache_key = None
        if isinstance(query, str):
            cache_key = validated_documents.key(
                schema=schema, query=query, open_schema=open_schema, limits=limits
            )
        document = validated_documents.get(cache_key) if cache_key is not None else None
        validated = document is not None
        if not validated:
            try:
                document = document_parse(query, limits=limits)
            except GraphQLError as error:
                return ExecutionResult(errors=[error])

        operation = get_operation_ast(document, operation_name)
        if (
            request.method.lower() == "get"
            and operation is not None
            and operation.operation != OperationType.QUERY
        ):
            raise RequestRefused(
                _("GET 请求只能执行查询；变更请使用 POST。"), "METHOD_NOT_ALLOWED", 405
            )

        if (
            operation is not None
            and operation.operation == OperationType.MUTATION
            and bearer_token(request) is None
            and request.graphql_csrf_passed is None
            and root_field_names(document, operation) & SESSION_STARTING_MUTATIONS
            and csrf_failure_reason(request) is not None
        ):
            raise _csrf_refused()

        if persisted_operation_required(request, document):
            return ExecutionResult(
                errors=[
                    limit_error(
                        _("网站只能发送已登记的查询（graphql/operations/）。"),
                        "PERSISTED_OPERATION_REQUIRED",
                    )
                ]
            )

        if not validated:
            rules = (deadline_validation_rule(deadline), *specified_rules)
            if not open_schema:
                rules = (*rules, NoIntrospectionRule)
            errors = validate(
                schema,
                document,
                rules,
                max_errors=MAX_VALIDATION_ERRORS,
                hide_suggestions=not open_schema,
            )
            if errors:
                return ExecutionResult(errors=[_validation_error(error) for error in errors])
            validated_documents.put(cache_key, document)

        measured = operation_cost(
            schema, document, operation_name=operation_name, variables=variables, limits=limits
        )
        if measured.errors:
            return ExecutionResult(errors=measured.errors)

        configured = self.get_middleware(request) or ()
        if isinstance(configured, MiddlewareManager):
            configured = configured.middlewares
        middleware = [*configured, DeadlineMiddleware(deadline), GrappleArgumentsMiddleware(limits)]
        try:
            with deadline_for_queries(deadline):
                return execute(
                    schema,
                    document,
                    root_value=self.get_root_value(request),
                    context_value=self.get_context(request),
                    variable_values=variables,
                    operation_name=operation_name,
                    middleware=middleware,
                    execution_context_class=self.execution_context_class,
                )
        except Exception:  # a failure outside any resolver
            logger.exception("GraphQL execution failed")
            return ExecutionResult(
                errors=[limit_error(_("服务器内部错误，请稍后重试。"), "INTERNAL_ERROR")]
            )

    @staticmethod
    def format_error(error):
        return graphql_error_format(error)

    def json_encode(self, request, d, pretty=False):
        # Keep Chinese readable in responses (graphene's default escapes it as \\uXXXX).
        if not (self.pretty or pretty) and not request.GET.get("pretty"):
            return json.dumps(d, separators=(",", ":"), ensure_ascii=False)
        return json.dumps(d, sort_keys=True, indent=2, separators=(",", ": "), ensure_ascii=False)


# The view does its own CSRF check (session cookie, session-starting mutations) so that
# cookie-less and bearer requests can skip it.
graphql_view = csrf_exempt(ClubGraphQLView.as_view())
