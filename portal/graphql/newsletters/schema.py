"""`myNewsletterSubscriptions`, `subscribeToNewsletter`, `confirmNewsletterSubscription`,
`unsubscribeFromNewsletter`."""

from __future__ import annotations

import graphene
from django.utils.translation import get_language

from newsletters import selectors, services
from newsletters.choices import Language as LanguageChoices
from newsletters.choices import SubscriptionStatus as StatusChoices
from portal.graphql.base import BaseMutation
from portal.graphql.identity import session_member, session_member_required
from portal.graphql.members.enums import NewsletterTopic
from portal.graphql.members.mutations.base import SessionMutation
from portal.graphql.ratelimit import public_door

SubscriptionStatus = graphene.Enum.from_enum(StatusChoices, name="NewsletterSubscriptionStatus")
NewsletterLanguage = graphene.Enum(
    "NewsletterLanguage", [("ZH_HANS", "zh-hans"), ("EN", "en")], description="会刊阅读语言"
)


class NewsletterSubscription(graphene.ObjectType):
    """One topic of the club magazine the member asked for (会刊订阅)."""

    topic = graphene.Field(NewsletterTopic, required=True)
    status = graphene.Field(SubscriptionStatus, required=True)
    language = graphene.Field(NewsletterLanguage, required=True)
    requested_at = graphene.DateTime(required=True)
    confirmed_at = graphene.DateTime()
    unsubscribed_at = graphene.DateTime()


class SentNewsletter(graphene.ObjectType):
    """The version of an issue as it was e-mailed (the archive), in the request's language."""

    slug = graphene.String(required=True)
    subject = graphene.String(required=True)
    html = graphene.String(
        required=True, description="The issue body as mailed, without the greeting."
    )
    text = graphene.String(required=True)
    sent_at = graphene.DateTime(required=True)


class MemberNotification(graphene.ObjectType):
    """A message the club sent the member (welcome, complaint progress, events, deposits)."""

    key = graphene.String(required=True, description="welcome, event_confirmed, ...")
    channel = graphene.String(required=True, description="EMAIL or SMS.")
    status = graphene.String(required=True, description="QUEUED, SENT, FAILED or SKIPPED.")
    subject = graphene.String()
    body = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)
    sent_at = graphene.DateTime()

    @staticmethod
    def resolve_subject(row, info):
        return row.subject or None


class SubscribeToNewsletterInput(graphene.InputObjectType):
    topics = graphene.List(graphene.NonNull(NewsletterTopic), required=True)
    language = NewsletterLanguage(description="Default: ZH_HANS.")


class ConfirmNewsletterSubscriptionInput(graphene.InputObjectType):
    token = graphene.String(required=True)


class UnsubscribeFromNewsletterInput(graphene.InputObjectType):
    topics = graphene.List(
        graphene.NonNull(NewsletterTopic), description="Omitted: leave every topic."
    )


def _value(item):
    return getattr(item, "value", item)


class SubscribeToNewsletter(SessionMutation):
    """Ask for topics; a confirmation link is e-mailed (nothing is sent before it is followed)."""

    permission = "member"

    class Meta:
        name = "SubscribeToNewsletterPayload"

    class Arguments:
        input = SubscribeToNewsletterInput(required=True)

    subscriptions = graphene.List(graphene.NonNull(NewsletterSubscription))

    @classmethod
    def perform(cls, info, input):
        member = session_member_required(info.context)
        rows = services.subscription_request(
            member=member,
            topics=[_value(t) for t in input["topics"]],
            language=_value(input.get("language")) or LanguageChoices.ZH_HANS,
        )
        return {"subscriptions": rows}


# Anyone holding the e-mailed link may confirm: counted like any public mutation.
@public_door("public")
class ConfirmNewsletterSubscription(BaseMutation):
    """Follow the e-mailed link's token (the site's confirmation page calls this too)."""

    class Meta:
        name = "ConfirmNewsletterSubscriptionPayload"

    class Arguments:
        input = ConfirmNewsletterSubscriptionInput(required=True)

    subscriptions = graphene.List(graphene.NonNull(NewsletterSubscription))

    @classmethod
    def perform(cls, info, input):
        return {"subscriptions": services.subscription_confirm(token=input["token"])}


class UnsubscribeFromNewsletter(SessionMutation):
    """Leave topics at once (all when none are named)."""

    permission = "member"

    class Meta:
        name = "UnsubscribeFromNewsletterPayload"

    class Arguments:
        input = UnsubscribeFromNewsletterInput(required=True)

    subscriptions = graphene.List(graphene.NonNull(NewsletterSubscription))

    @classmethod
    def perform(cls, info, input):
        member = session_member_required(info.context)
        topics = input.get("topics")
        services.subscription_cancel(
            member=member, topics=None if topics is None else [_value(t) for t in topics]
        )
        return {"subscriptions": list(selectors.member_subscriptions(member=member))}


class NewslettersQuery:
    my_newsletter_subscriptions = graphene.List(
        graphene.NonNull(NewsletterSubscription),
        required=True,
        description="The signed-in member's magazine subscriptions; empty when anonymous.",
    )

    sent_newsletter = graphene.Field(
        SentNewsletter,
        slug=graphene.String(required=True),
        description="The e-mailed version of a published issue; null if never sent.",
    )

    my_notifications = graphene.List(
        graphene.NonNull(MemberNotification),
        required=True,
        description="The signed-in member's last 100 notifications, newest first.",
    )

    @staticmethod
    def resolve_my_notifications(root, info):
        from notifications.selectors import member_notifications

        member = session_member(info.context)
        return [] if member is None else list(member_notifications(member=member))

    @staticmethod
    def resolve_sent_newsletter(root, info, slug):
        from content import selectors as content_selectors

        user = getattr(info.context, "user", None)
        issue = content_selectors.newsletters_published(user=user).filter(slug=slug).first()
        if issue is None:
            return None
        language = "en" if get_language() == "en" else "zh-hans"
        version = selectors.sent_version_of(issue_id=issue.pk, language=language)
        return None if version is None else {"slug": slug, **version}

    @staticmethod
    def resolve_my_newsletter_subscriptions(root, info):
        member = session_member(info.context)
        return [] if member is None else list(selectors.member_subscriptions(member=member))


class NewslettersMutation:
    subscribe_to_newsletter = SubscribeToNewsletter.Field()
    confirm_newsletter_subscription = ConfirmNewsletterSubscription.Field()
    unsubscribe_from_newsletter = UnsubscribeFromNewsletter.Field()
