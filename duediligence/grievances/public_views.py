"""The public pages of the grievance mechanism: no sign-in, in every language settings.PUBLIC_LANGUAGES lists for
them (English, Simplified Chinese, Uyghur), no JavaScript.

The language is part of the URL (/g/<organisation>/en/, /zh-hans/, /ug/), so a link always opens in the language it
was given in and the switch is a plain link. Nothing about the visitor's address or browser is stored with a case.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from duediligence.accounts.models import Organisation
from duediligence.assessments.evidence import check_public_upload
from duediligence.grievances import services
from duediligence.grievances.forms import FeedbackForm, FollowUpForm, IntakeForm, ReporterMessageForm
from duediligence.grievances.models import Case, CaseStatus
from duediligence.grievances.tasks import case_received_notify
from duediligence.lib.acting import Acting
from duediligence.lib.public_languages import PageKind, PublicLanguage, others, preferred, public_language
from duediligence.security import public_throttle as throttle

SESSION_KEY = "grievance_case"

# What a public view takes after the request, the organisation and the language.
Params = ParamSpec("Params")


def in_language(
    view: Callable[Concatenate[HttpRequest, Organisation, str, Params], HttpResponse],
) -> Callable[Concatenate[HttpRequest, str, str, Params], HttpResponse]:
    """Run the view in the URL's language, for the organisation named in the URL."""

    @wraps(view)
    def wrapper(
        request: HttpRequest, organisation: str, language: str, *args: Params.args, **kwargs: Params.kwargs
    ) -> HttpResponse:
        found = get_object_or_404(Organisation, slug=organisation)
        with translation.override(language):
            response = view(request, found, language, *args, **kwargs)
            response.headers.setdefault("Content-Language", language)
            return response

    return wrapper


def start(request: HttpRequest, organisation: str) -> HttpResponse:
    """The link the public report gives: on to the first of the pages' languages the visitor's browser asks for."""
    get_object_or_404(Organisation, slug=organisation)
    language = preferred(PageKind.GRIEVANCE, request.headers.get("Accept-Language", ""))
    return redirect("grievance_public:intake", organisation, language)


def other_languages(language: str) -> list[PublicLanguage]:
    return others(PageKind.GRIEVANCE, language)


def _client(request: HttpRequest) -> str:
    return Acting.from_request(request).ip_address or "unknown"


def _context(organisation: Organisation, language: str, **extra: Any) -> dict:
    mechanism = services.mechanism_for(organisation)
    return {
        "organisation": organisation,
        "language": language,
        "page_language": public_language(language),
        "other_languages": other_languages(language),
        "mechanism": mechanism,
        **extra,
    }


@never_cache
@in_language
def intake(request: HttpRequest, organisation: Organisation, language: str) -> HttpResponse:
    mechanism = services.mechanism_for(organisation)
    form = IntakeForm(request.POST or None, request.FILES or None)
    status = 200
    if not mechanism.open_for_cases:
        return render(request, "grievances/public/closed.html", _context(organisation, language), status=503)
    if request.method == "POST":
        client = _client(request)
        if throttle.over_limit("intake", client, settings.GRIEVANCE_CASES_PER_HOUR):
            form.add_error(None, _("Too many cases were sent from here in the last hour. Please try again later."))
            status = 429
        elif form.is_valid():
            files = []
            try:
                if form.cleaned_data["attachment"]:
                    files.append(check_public_upload(form.cleaned_data["attachment"]))
            except ValidationError as error:
                form.add_error("attachment", error)
                status = 400
            else:
                with transaction.atomic():
                    new = services.case_create(
                        organisation=organisation,
                        language=language,
                        files=files,
                        **{key: form.cleaned_data[key] for key in IntakeForm.base_fields if key != "attachment"},
                    )
                    throttle.count("intake", client)
                    transaction.on_commit(lambda: case_received_notify.enqueue(new.case.pk))
                response = render(
                    request,
                    "grievances/public/received.html",
                    _context(organisation, language, case=new.case, passphrase=new.passphrase),
                )
                response["Cache-Control"] = "no-store"
                return response
        else:
            status = 400
    return render(request, "grievances/public/intake.html", _context(organisation, language, form=form), status=status)


@never_cache
@in_language
def follow_up(request: HttpRequest, organisation: Organisation, language: str) -> HttpResponse:
    form = FollowUpForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(
                code=form.cleaned_data["code"], passphrase=form.cleaned_data["passphrase"], client=_client(request)
            )
            if case.organisation_id != organisation.pk:
                raise services.Refused(
                    _("This case code and passphrase do not match a case. Check both and try again.")
                )
        except services.Refused as refused:
            form.add_error(None, str(refused))
            status = 400
        else:
            request.session.cycle_key()
            request.session[SESSION_KEY] = case.pk
            request.session.set_expiry(0)  # gone when the browser closes
            return redirect("grievance_public:case", organisation.slug, language)
    elif request.method == "POST":
        status = 400
    return render(
        request, "grievances/public/follow_up.html", _context(organisation, language, form=form), status=status
    )


def _case_of_session(request: HttpRequest, organisation: Organisation) -> Case | None:
    case_id = request.session.get(SESSION_KEY)
    return Case.objects.filter(pk=case_id, organisation=organisation).first() if case_id else None


@never_cache
@in_language
def case_page(request: HttpRequest, organisation: Organisation, language: str) -> HttpResponse:
    case = _case_of_session(request, organisation)
    if case is None:
        return redirect("grievance_public:follow_up", organisation.slug, language)
    action = request.POST.get("action") if request.method == "POST" else None
    message_form = ReporterMessageForm(
        request.POST if action == "add" else None, request.FILES if action == "add" else None, prefix="add"
    )
    feedback_form = FeedbackForm(request.POST if action == "feedback" else None, prefix="feedback")
    status = 200
    if action == "add":
        if message_form.is_valid():
            upload = message_form.cleaned_data["attachment"]
            try:
                files = [check_public_upload(upload)] if upload else []
            except ValidationError as error:
                message_form.add_error("attachment", error)
            else:
                services.reporter_add(case=case, text=message_form.cleaned_data["text"], files=files)
                return redirect("grievance_public:case", organisation.slug, language)
        status = 400
    elif action == "feedback":
        if feedback_form.is_valid():
            try:
                services.reporter_feedback(
                    case=case, accepted=feedback_form.cleaned_data["accepted"], text=feedback_form.cleaned_data["text"]
                )
            except ValidationError as error:
                feedback_form.add_error(None, error)
            else:
                return redirect("grievance_public:case", organisation.slug, language)
        status = 400
    return render(
        request,
        "grievances/public/case.html",
        _context(
            organisation,
            language,
            case=case,
            messages_of_case=case.messages.all(),
            message_form=message_form,
            feedback_form=feedback_form,
            closed=case.status == CaseStatus.CLOSED,
        ),
        status=status,
    )


@require_POST
@in_language
def leave(request: HttpRequest, organisation: Organisation, language: str) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    return redirect("grievance_public:follow_up", organisation.slug, language)
