"""The respondent's pages: no account, in each language settings.PUBLIC_LANGUAGES lists for them that the
questionnaire is translated into (the language is in the URL), no JavaScript.

The link's token opens the invitation; a one-time code sent to the invited address proves the respondent reads
that mailbox, once per browser session. A link that cannot be used says why and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from duediligence.assessments.evidence import check_public_upload
from duediligence.lib.acting import Acting
from duediligence.lib.public_languages import PageKind, preferred, public_language
from duediligence.respondents import services
from duediligence.respondents.forms import CodeForm, DeclineForm, answers_form, error_links, stored_values
from duediligence.respondents.languages import other_languages, page_languages
from duediligence.respondents.models import PartnerInvitation
from duediligence.respondents.tasks import code_send
from duediligence.security import public_throttle as throttle

SESSION_KEY = "respondent_verified"
CODES_PER_HOUR = 5


def respondent_page(
    view: Callable[[HttpRequest, PartnerInvitation, str, str], HttpResponse],
) -> Callable[[HttpRequest, str, str], HttpResponse]:
    """Run the view in the URL's language with the invitation the token opens (or a page saying why not)."""

    @wraps(view)
    def wrapper(request: HttpRequest, token: str, language: str) -> HttpResponse:
        with translation.override(language):
            try:
                invitation = services.invitation_for_token(token)
            except services.LinkRefused as refused:
                return render(
                    request,
                    "respondents/public/refused.html",
                    {"reason": str(refused), "language": language, "page_language": public_language(language)},
                    status=refused.status,
                )
            if language not in invitation.questionnaire.languages:
                # A language the pages speak but this questionnaire version was not translated into.
                asked = request.headers.get("Accept-Language", "")
                return redirect(
                    "respondents:start", token, preferred(PageKind.RESPONDENT, asked, page_languages(invitation))
                )
            response = view(request, invitation, token, language)
            response.headers.setdefault("Content-Language", language)
            response.headers["Cache-Control"] = "no-store"
            # The token is in the URL: it must never reach another site, while forms posting back here keep
            # their origin (no-referrer would send "Origin: null", which the CSRF check refuses).
            response.headers["Referrer-Policy"] = "same-origin"
            return response

    return never_cache(wrapper)


def _verified(request: HttpRequest, invitation: PartnerInvitation) -> bool:
    return invitation.pk in request.session.get(SESSION_KEY, [])


def _context(invitation: PartnerInvitation, token: str, language: str, **extra: Any) -> dict:
    return {
        "invitation": invitation,
        "token": token,
        "language": language,
        "page_language": public_language(language),
        "other_languages": other_languages(invitation, language),
        "partner_name": invitation.partner.name_in(language),
        **extra,
    }


@respondent_page
def start(request: HttpRequest, invitation: PartnerInvitation, token: str, language: str) -> HttpResponse:
    workspace = services.workspace_of(invitation)
    if _verified(request, invitation) and workspace.is_open:
        return redirect("respondents:answer", token, language)
    form = CodeForm(request.POST or None)
    status = 200
    sent, refusal = False, ""
    if request.method == "POST" and request.POST.get("action") == "send":
        form = CodeForm()
        # A link in the wrong hands must not flood the partner's mailbox with codes.
        if throttle.over_limit("respondent-send", str(invitation.pk), CODES_PER_HOUR):
            refusal = _("Too many codes were asked for. Wait an hour, then try again.")
            status = 429
        else:
            with transaction.atomic():
                code = services.code_issue(invitation=invitation)
                throttle.count("respondent-send", str(invitation.pk))
                transaction.on_commit(lambda: code_send.enqueue(invitation.pk, code, language))
            sent = True
    if request.method == "POST" and request.POST.get("action") == "confirm":
        if form.is_valid():
            try:
                services.code_confirm(
                    invitation=invitation,
                    code=form.cleaned_data["code"],
                    client=Acting.from_request(request).ip_address or "unknown",
                )
            except ValidationError as error:
                form.add_error("code", error)
                status = 400
            else:
                request.session.cycle_key()
                request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, []), invitation.pk]
                return redirect("respondents:answer", token, language)
        else:
            status = 400
    return render(
        request,
        "respondents/public/start.html",
        _context(
            invitation,
            token,
            language,
            form=form,
            sent=sent,
            refusal=refusal,
            closed=not workspace.is_open,
            workspace=workspace,
        ),
        status=status,
    )


def _answer_page(
    request: HttpRequest,
    workspace: services.Workspace,
    token: str,
    language: str,
    form: forms.Form,
    *,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    context = _context(
        workspace.invitation,
        token,
        language,
        form=form,
        decline_form=extra.pop("decline_form", None) or DeclineForm(),
        workspace=workspace,
        saved=bool(workspace.answers),
        attachments=workspace.attachments(),
        **extra,
    )
    return render(request, "respondents/public/answer.html", context, status=status)


@respondent_page
def answer(request: HttpRequest, invitation: PartnerInvitation, token: str, language: str) -> HttpResponse:
    if not _verified(request, invitation):
        return redirect("respondents:start", token, language)
    workspace = services.workspace_of(invitation)
    if not workspace.is_open:
        return render(
            request, "respondents/public/done.html", _context(invitation, token, language, workspace=workspace)
        )
    questions = services.questions_of(workspace.invitation)
    form = answers_form(questions, workspace.answers, language, request.POST or None)
    if request.method == "POST":
        upload = request.FILES.get("document")
        checked = None
        if upload is not None:
            try:
                checked = check_public_upload(upload)
            except ValidationError as error:
                form.is_valid()  # so the page shows the answers' own errors beside the file's
                return _answer_page(request, workspace, token, language, form, status=400, problem=error.messages[0])
        if form.is_valid():
            saved = services.answers_save(
                invitation=invitation, values=stored_values(form, questions), language=language
            )
            if checked is not None:
                services.attachment_add(invitation=invitation, checked=checked)
            if request.POST.get("action") == "submit":
                try:
                    services.answers_submit(invitation=invitation, acting=Acting.from_request(request))
                except ValidationError as error:
                    # Saved, not submitted: the page shows the answers as saved and what is still missing.
                    saved_form = answers_form(questions, saved.answers, language)
                    missing = services.missing_required(saved.invitation, saved.answers)
                    return _answer_page(
                        request, saved, token, language, saved_form, status=400, problem=error.messages[0],
                        missing=error_links(saved_form, missing, language),
                    )  # fmt: skip
            return redirect("respondents:answer", token, language)
    return _answer_page(request, workspace, token, language, form, status=400 if request.method == "POST" else 200)


@require_POST
@respondent_page
def decline(request: HttpRequest, invitation: PartnerInvitation, token: str, language: str) -> HttpResponse:
    if not _verified(request, invitation):
        return redirect("respondents:start", token, language)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_decline(
                invitation=invitation, reason=form.cleaned_data["reason"], acting=Acting.from_request(request)
            )
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            return redirect("respondents:answer", token, language)
    workspace = services.workspace_of(invitation)
    questions = services.questions_of(workspace.invitation)
    return _answer_page(
        request,
        workspace,
        token,
        language,
        answers_form(questions, workspace.answers, language),
        status=400,
        decline_form=form,
        problem=_("Your answer was not sent."),
    )
