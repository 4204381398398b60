"""Who the API caller is: the account and roles a session or a personal token acts with."""

from __future__ import annotations

from ninja import Router, Schema

from liaison.accounts.access import access_for
from liaison.core.apiauth import django_auth
from liaison.core.schemas import ErrorOut

router = Router(tags=["accounts"])


class RoleOut(Schema):
    kind: str
    convention: str | None = None
    country: str | None = None
    organization: str | None = None




class MeOut(Schema):
    username: str
    full_name: str
    administrator: bool
    roles: list[RoleOut]
    token: str | None = None  # the name of the API token the request came with, if any
    token_scope: str | None = None


@router.get("/me", response={200: MeOut, 401: ErrorOut}, auth=django_auth,
            description="The signed-in account (session or `Authorization: Bearer` token) and its roles.")
def me(request):
    user = request.user
    access = access_for(user)
    roles = [RoleOut(kind=r.kind, convention=r.convention.acronym if r.convention else None,
                     country=r.country.iso3 if r.country else None,
                     organization=r.organization.name if r.organization else None)
             for r in user.roles.select_related("convention", "country", "organization")]
    token = getattr(request, "api_token", None)
    return MeOut(username=user.get_username(), full_name=user.get_full_name(), administrator=access.everything,
                 roles=roles, token=token.name if token else None, token_scope=token.scope if token else None)
