"""Joining and signing in and out: register, login (password or SMS code), logout, password.

Sign-ins run outside a transaction (`atomic = False`): django-axes writes each failed
password attempt to the database, and the SMS-code check counts wrong codes, so rolling
back a failed attempt would let anyone guess forever.
"""

from __future__ import annotations

import graphene

from club import services
from club.selectors import member_for_user
from portal.graphql.inputs import input_values
from portal.graphql.members.enums import Education, Gender, IncomeBand, SmsPurpose
from portal.graphql.members.mutations.base import SessionMutation
from portal.graphql.members.types import Member
from portal.graphql.ratelimit import public_door


class RegisterInput(graphene.InputObjectType):
    name = graphene.String(required=True, description="姓名")
    phone = graphene.String(required=True, description="Mainland mobile, any usual format.")
    sms_code = graphene.String(
        required=True,
        description="The code texted by requestSmsCode(purpose: VERIFY_PHONE) to this phone.",
    )
    email = graphene.String()
    password = graphene.String(required=True)
    birth_date = graphene.Date(required=True, description="Members must be 18 or over.")
    accept_terms = graphene.Boolean(required=True, description="用户协议与隐私政策")
    marketing_consent = graphene.Boolean(description="营销信息推送 (separate, optional).")
    referral_code = graphene.String(description="The code of the member who referred you.")
    gender = Gender()
    city = graphene.String()
    employer = graphene.String(description="工作单位")
    education = Education()
    children_ages = graphene.List(graphene.NonNull(graphene.Int), description="子女年龄")
    elderly_at_home = graphene.Boolean(description="与老人同住")
    income_band = IncomeBand()


@public_door("register", targets=("phone", "email"))
class Register(SessionMutation):
    """Join the club (free, 18 or over) and sign in.

    Every field error is answered at once. PHONE_TAKEN and EMAIL_TAKEN come only after the
    SMS code proved the phone is the registrant's, and cost that code.
    """

    # Wrong SMS codes count as attempts and "taken" answers spend the code: rolling back a
    # refused registration would undo both. The service makes its own writes atomic.
    atomic = False

    class Arguments:
        input = RegisterInput(required=True)

    class Meta:
        name = "RegisterPayload"

    member = graphene.Field(Member)

    @classmethod
    def perform(cls, info, input):
        values = {key: value for key, value in input_values(input).items() if value is not None}
        member = services.member_register(**values, source="WEB")
        services.member_login_session(request=info.context, user=member.user)
        return {"member": member}


class LoginInput(graphene.InputObjectType):
    phone = graphene.String()
    email = graphene.String()
    password = graphene.String(required=True)


@public_door("login", targets=("phone", "email"))
class Login(SessionMutation):
    """Sign in with phone or e-mail and password. Repeated failures lock out (LOGIN_LOCKED)."""

    atomic = False

    class Arguments:
        input = LoginInput(required=True)

    class Meta:
        name = "LoginPayload"

    member = graphene.Field(Member, description="Null if the account is not a member's.")

    @classmethod
    def perform(cls, info, input):
        user = services.member_login(
            request=info.context,
            phone=input.get("phone"),
            email=input.get("email"),
            password=input.get("password"),
        )
        return {"member": member_for_user(user=user)}


@public_door("public")
class Logout(SessionMutation):
    """End the session (does nothing when nobody is signed in)."""

    class Meta:
        name = "LogoutPayload"

    @classmethod
    def perform(cls, info):
        services.member_logout(request=info.context)
        return {}


class RequestSmsCodeInput(graphene.InputObjectType):
    phone = graphene.String(required=True)
    purpose = SmsPurpose(default_value="LOGIN", description="LOGIN unless registering.")


@public_door("sms_send", targets=("phone",))
class RequestSmsCode(SessionMutation):
    """Text a one-time code (at most one a minute per phone and purpose, and a few a day).

    The answer, SMS_TOO_FREQUENT and SMS_SEND_DAILY_LIMIT included, is the same whether the
    phone is a member's. Sign-in codes reach members' phones only; VERIFY_PHONE and
    GUEST_COMPLAINT codes reach any number."""

    # A refusal by the hourly SMS ceiling alerts staff; rolling back would drop the alert.
    # The service's only write is the code row.
    atomic = False

    class Arguments:
        input = RequestSmsCodeInput(required=True)

    class Meta:
        name = "RequestSmsCodePayload"

    @classmethod
    def perform(cls, info, input):
        values = input_values(input)
        services.sms_code_send(phone=values["phone"], purpose=values.get("purpose") or "LOGIN")
        return {}


class LoginWithSmsCodeInput(graphene.InputObjectType):
    phone = graphene.String(required=True)
    code = graphene.String(required=True)


@public_door("sms_check", targets=("phone",))
class LoginWithSmsCode(SessionMutation):
    """Sign in with the code texted by requestSmsCode."""

    atomic = False

    class Arguments:
        input = LoginWithSmsCodeInput(required=True)

    class Meta:
        name = "LoginWithSmsCodePayload"

    member = graphene.Field(Member)

    @classmethod
    def perform(cls, info, input):
        user = services.member_login_with_sms_code(
            request=info.context, phone=input["phone"], code=input["code"]
        )
        return {"member": member_for_user(user=user)}


class ChangePasswordInput(graphene.InputObjectType):
    old_password = graphene.String(required=True)
    new_password = graphene.String(required=True)


class ChangePassword(SessionMutation):
    """Change the password; every other session ends, this one stays signed in."""

    permission = "authenticated"

    class Arguments:
        input = ChangePasswordInput(required=True)

    class Meta:
        name = "ChangePasswordPayload"

    @classmethod
    def perform(cls, info, input):
        request = info.context
        services.member_password_change(
            user=request.user,
            old_password=input["old_password"],
            new_password=input["new_password"],
            request=request,
        )
        return {}
