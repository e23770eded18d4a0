"""The public pages of the grievance mechanism: no sign-in, in every language settings.PUBLIC_LANGUAGES lists for
them (English, Simplified Chinese, Uyghur), no JavaScript.

The language is part of the URL (/g/<organisation>/en/, /zh-hans/, /ug/), so a link always opens in the language it
was given in and the switch is a plain link. Nothing about the visitor's address or browser is stored with a case.
No page sets a cookie that outlives the browser session, none is kept by a cache (`Cache-Control: no-store`), and
none loads anything from another site (reporter_session.py says how forms are protected without a CSRF cookie).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from duediligence.accounts.models import Organisation
from duediligence.grievances import reporter_session, sealing, services
from duediligence.grievances.forms import FeedbackForm, FollowUpForm, IntakeForm, ReporterMessageForm
from duediligence.grievances.models import Case, CaseStatus
from duediligence.grievances.sealing import PreparedFile
from duediligence.grievances.tasks import case_received_notify
from duediligence.grievances.uploads import Uncleanable, prepare_upload
from duediligence.lib.acting import Acting
from duediligence.lib.public_languages import PageKind, PublicLanguage, others, preferred, public_language
from duediligence.security import public_throttle as throttle

# What a public view takes after the request, the organisation and the language.
Params = ParamSpec("Params")


def in_language(
    view: Callable[Concatenate[HttpRequest, Organisation, str, Params], HttpResponseBase],
) -> Callable[Concatenate[HttpRequest, str, str, Params], HttpResponseBase]:
    """Run the view in the URL's language, for the organisation named in the URL; refuse a form sent from another
    site; never let the answer be stored (no-store: not by the browser's cache, not by a proxy)."""

    @csrf_exempt  # reporter_session.py: no CSRF cookie on these pages, the checks below instead
    @never_cache
    @wraps(view)
    def wrapper(
        request: HttpRequest, organisation: str, language: str, *args: Params.args, **kwargs: Params.kwargs
    ) -> HttpResponseBase:
        found = get_object_or_404(Organisation, slug=organisation)
        with translation.override(language):
            if request.method == "POST" and reporter_session.cross_site(request):
                response: HttpResponseBase = render(
                    request, "grievances/public/cross_site.html", _context(found, language), status=403
                )
            else:
                response = view(request, found, language, *args, **kwargs)
            response.headers.setdefault("Content-Language", language)
            return response

    return wrapper


def start(request: HttpRequest, organisation: str) -> HttpResponse:
    """The link the public report gives: on to the first of the pages' languages the visitor's browser asks for."""
    get_object_or_404(Organisation, slug=organisation)
    language = preferred(PageKind.GRIEVANCE, request.headers.get("Accept-Language", ""))
    response = redirect("grievance_public:intake", organisation, language)
    response["Cache-Control"] = "no-store"
    return response


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


def _prepared(form: IntakeForm | ReporterMessageForm) -> list[PreparedFile] | None:
    """The form's file, checked and cleaned; None (the error on the form) when it is refused."""
    upload = form.cleaned_data.get("attachment")
    if not upload:
        return []
    try:
        return [prepare_upload(upload, send_uncleaned=form.cleaned_data.get("send_uncleaned", False))]
    except Uncleanable as refusal:
        form.offer_uncleaned = True
        form.add_error("attachment", refusal)
    except ValidationError as error:
        form.add_error("attachment", error)
    return None


@in_language
def intake(request: HttpRequest, organisation: Organisation, language: str) -> HttpResponse:
    form = IntakeForm(request.POST or None, request.FILES or None)
    status = 200
    if not services.takes_cases(organisation):
        return render(request, "grievances/public/closed.html", _context(organisation, language), status=503)
    if request.method == "POST":
        client = _client(request)
        if throttle.over_limit("intake", client, settings.GRIEVANCE_CASES_PER_HOUR):
            form.add_error(None, _("Too many cases were sent from here in the last hour. Please try again later."))
            status = 429
        elif form.is_valid() and (files := _prepared(form)) is not None:
            with transaction.atomic():
                new = services.case_create(
                    organisation=organisation,
                    language=language,
                    files=files,
                    **{
                        key: form.cleaned_data[key]
                        for key in IntakeForm.base_fields
                        if key not in ("attachment", "send_uncleaned")
                    },
                )
                throttle.count("intake", client)
                transaction.on_commit(lambda: case_received_notify.enqueue(new.case.pk))
            return render(
                request,
                "grievances/public/received.html",
                _context(
                    organisation,
                    language,
                    case=new.case,
                    passphrase=new.passphrase,
                    files=files,
                ),
            )
        else:
            status = 400
    return render(request, "grievances/public/intake.html", _context(organisation, language, form=form), status=status)


@in_language
def follow_up(request: HttpRequest, organisation: Organisation, language: str) -> HttpResponse:
    form = FollowUpForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            opened = services.case_open(
                code=form.cleaned_data["code"], passphrase=form.cleaned_data["passphrase"], client=_client(request)
            )
            if opened.case.organisation_id != organisation.pk:
                raise services.Refused(
                    _("This case code and passphrase do not match a case. Check both and try again.")
                )
        except services.Refused as refused:
            form.add_error(None, str(refused))
            status = 400
        else:
            response = redirect("grievance_public:case", organisation.slug, language)
            reporter_session.open_case_start(response, organisation, opened.case.pk, opened.key)
            return response
    elif request.method == "POST":
        status = 400
    return render(
        request, "grievances/public/follow_up.html", _context(organisation, language, form=form), status=status
    )


@in_language
def case_page(request: HttpRequest, organisation: Organisation, language: str) -> HttpResponseBase:
    opened = reporter_session.open_case_read(request, organisation)
    case = Case.objects.filter(pk=opened.case_id, organisation=organisation).first() if opened else None
    if opened is None or case is None or case.content_deleted_at is not None:
        back = redirect("grievance_public:follow_up", organisation.slug, language)
        reporter_session.open_case_end(back, organisation)
        return back
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not reporter_session.form_token_matches(request, opened):
        action = "refused"
    message_form = ReporterMessageForm(
        request.POST if action == "add" else None, request.FILES if action == "add" else None, prefix="add"
    )
    feedback_form = FeedbackForm(request.POST if action == "feedback" else None, prefix="feedback")
    status = 200
    if action == "refused":
        status = 403
    elif action == "add" and opened.key is not None:
        if message_form.is_valid() and (files := _prepared(message_form)) is not None:
            services.reporter_add(case=case, key=opened.key, text=message_form.cleaned_data["text"], files=files)
            return _refreshed(redirect("grievance_public:case", organisation.slug, language), organisation, opened)
        status = 400
    elif action == "feedback":
        if feedback_form.is_valid():
            try:
                services.reporter_feedback(
                    case=case,
                    key=opened.key,
                    accepted=feedback_form.cleaned_data["accepted"],
                    text=feedback_form.cleaned_data["text"],
                )
            except ValidationError as error:
                feedback_form.add_error(None, error)
            else:
                return _refreshed(redirect("grievance_public:case", organisation.slug, language), organisation, opened)
        status = 400
    texts = sealing.case_open(case, opened.key) if opened.key is not None else None
    response = render(
        request,
        "grievances/public/case.html",
        _context(
            organisation,
            language,
            case=case,
            texts=texts,
            form_token=opened.form_token,
            refused=action == "refused",
            message_form=message_form,
            feedback_form=feedback_form,
            closed=case.status == CaseStatus.CLOSED,
        ),
        status=status,
    )
    return _refreshed(response, organisation, opened)


def _refreshed(response: HttpResponse, organisation: Organisation, opened: reporter_session.OpenCase) -> HttpResponse:
    reporter_session.open_case_refresh(response, organisation, opened)
    return response


@require_POST
@in_language
def leave(request: HttpRequest, organisation: Organisation, language: str) -> HttpResponse:
    response = redirect("grievance_public:follow_up", organisation.slug, language)
    reporter_session.open_case_end(response, organisation)
    return response


@in_language
def safety(request: HttpRequest, organisation: Organisation, language: str) -> HttpResponse:
    """How to use the channel safely, and what is stored and what never is."""
    return render(request, "grievances/public/safety.html", _context(organisation, language))


@in_language
def procedure(request: HttpRequest, organisation: Organisation, language: str) -> HttpResponse:
    """The rules of procedure: steps, time limits, who handles a case, how long it is kept, where to escalate."""
    return render(request, "grievances/public/procedure.html", _context(organisation, language))
