from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from duediligence.accounts.access import MemberRequest, require_member, require_role
from duediligence.accounts.models import Role
from duediligence.assessments import services
from duediligence.assessments.access import assessment_for_user, editable_assessment_for_user
from duediligence.assessments.forms import AssessmentForm, SectionForm
from duediligence.assessments.models import AnswerChange, Assessment, Evidence
from duediligence.assessments.page_cache import organisation_part_key, part_key
from duediligence.assessments.presenters import comments_by_key, question_rows
from duediligence.assessments.services import Conflict
from duediligence.assessments.snapshot import Snapshot
from duediligence.assessments.workflow import can_edit
from duediligence.lib.fragments import lazily
from duediligence.questionnaires.conditions import visible_answers
from duediligence.questionnaires.models import Section
from duediligence.security.downloads import private_download


@require_member
def assessment_list(request: MemberRequest) -> HttpResponse:
    # A queryset, read only when the cached table is missing (lib/fragments.py).
    assessments = Assessment.objects.visible_to(request.membership).select_related("questionnaire")
    return render(
        request,
        "assessments/list.html",
        {"assessments": assessments, "part_key": organisation_part_key(request, "assessment-list")},
    )


@require_role(Role.OFFICER)
def assessment_new(request: MemberRequest) -> HttpResponse:
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_create(membership=request.membership, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Assessment “{assessment}” created. Start with step 1.")
            return redirect("assessments:overview", assessment.pk)
    return render(request, "assessments/new.html", {"form": form})


@require_member
def step(request: MemberRequest, assessment_id: int, number: int) -> HttpResponse:
    assessment = assessment_for_user(request, assessment_id)
    snapshot = Snapshot(assessment)
    found = snapshot.step(number)
    if found is None:
        raise Http404("No such step.")
    first = snapshot.sections_of(found)[0]
    return redirect("assessments:section", assessment.pk, number, first.key)


@require_member
def section(request: MemberRequest, assessment_id: int, number: int, section_key: str) -> HttpResponse:
    if request.method == "POST":
        assessment = editable_assessment_for_user(request, assessment_id)
    else:
        assessment = assessment_for_user(request, assessment_id)
        if not can_edit(assessment, request.membership):
            # Everyone else reads answers on the check page, which shows all of them.
            return redirect(reverse("assessments:check", args=[assessment.pk]) + f"#section-{number}-{section_key}")
    snapshot = Snapshot(assessment)
    found_step = snapshot.step(number)
    sections = snapshot.sections_of(found_step) if found_step else []
    current = next((candidate for candidate in sections if candidate.key == section_key), None)
    if current is None:
        raise Http404("No such section.")
    if request.method != "POST":
        return _render_section(request, assessment, snapshot, current)
    questions = snapshot.questions_of(current)
    autosave = request.POST.get("autosave") == "1"
    # A posted form is checked as typed: the saved values and versions are only initial values, which a bound
    # form does not show, so the answers are read only if the page is shown again (the snapshot is lazy).
    form = SectionForm(request.POST, request.FILES, questions=questions, values={}, versions={})
    valid = form.is_valid()
    if not valid and not autosave:
        return _render_section(request, assessment, snapshot, current, form, status=400)
    try:
        result = services.answers_save(
            assessment=assessment,
            user=request.user,
            values=form.answer_values(),
            base_versions=form.base_versions(),
            uploads=form.uploads() if not autosave else None,
            removals=form.removals() if not autosave else None,
        )
    except services.AnswerConflict as conflict:
        if autosave:
            return JsonResponse(
                {"saved": False, "conflicts": [c.question.label for c in conflict.conflicts]}, status=409
            )
        # Keep what the user typed; the next save, made knowingly, may overwrite the other person's answers.
        data = request.POST.copy()
        for key, version in conflict.current_versions.items():
            data[f"version__{key}"] = str(version)
        form = SectionForm(data, questions=questions, values={}, versions={})
        form.is_valid()
        return _render_section(request, assessment, snapshot, current, form, conflicts=conflict.conflicts, status=409)
    if autosave:
        return JsonResponse(
            {"saved": True, "changed": result.changed, "versions": result.versions, "errors": form.errors},
            status=200 if valid else 400,
        )
    if request.POST.get("action") == "later":
        messages.success(request, "Your answers are saved. You can come back to them at any time.")
        return redirect("assessments:overview", assessment.pk)
    # Where to go next depends on the answers as saved: which questions they opened, which section follows.
    after = Snapshot(assessment)
    shown_before = set(request.POST.getlist("shown"))
    newly_shown = [q for q in questions if q.key in after.visible and q.key not in shown_before]
    if newly_shown:
        count = len(newly_shown)
        messages.info(request, f"Saved. Your answers opened {count} more question{'s' if count != 1 else ''} here.")
        here = reverse("assessments:section", args=[assessment.pk, number, section_key])
        return redirect(f"{here}#q-{newly_shown[0].key}")
    following = after.next_section_after(current)
    if following is None:
        return redirect("assessments:check", assessment.pk)
    return redirect("assessments:section", assessment.pk, following.step.number, following.key)


def _render_section(
    request: MemberRequest,
    assessment: Assessment,
    snapshot: Snapshot,
    current: Section,
    form: SectionForm | None = None,
    conflicts: list[Conflict] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The section page: as saved (`form` None; its form part cached until the assessment changes), or re-shown
    with what was just typed, its errors or conflicts (never cached)."""

    def build() -> dict:
        shown = form
        if shown is None:
            questions = snapshot.questions_of(current)
            versions = {question.key: snapshot.version_of(question.key) for question in questions}
            shown = SectionForm(questions=questions, values=snapshot.values, versions=versions)
        # Visibility follows what the page shows: the saved answers, overlaid with what was just typed.
        values = dict(snapshot.values)
        if shown.is_bound:
            values.update(shown.answer_values())
        visible = visible_answers(snapshot.questions, values)
        # Conditions may depend on answers of other sections; the page's script needs those (shown ones only).
        on_page = {question.key for question in shown.questions}
        return {
            "form": shown,
            "rows": question_rows(shown, snapshot, visible),
            "comments": comments_by_key(assessment, shown.questions),
            "saved_answers": {key: value for key, value in snapshot.visible.items() if key not in on_page},
        }

    return render(
        request,
        "assessments/section.html",
        {
            "assessment": assessment,
            "step": current.step,
            "section": current,
            "step_sections": snapshot.sections_of(current.step),
            "conflicts": conflicts or [],
            "has_errors": bool(conflicts) or (form is not None and bool(form.errors)),
            "has_follow_ups": snapshot.has_follow_ups(current),
            "part_key": part_key(request, assessment, "section") if form is None else "",
            **lazily(build, "form", "rows", "comments", "saved_answers"),
        },
        status=status,
    )


@require_member
def history(request: MemberRequest, assessment_id: int, question_key: str) -> HttpResponse:
    assessment = assessment_for_user(request, assessment_id)
    question = get_object_or_404(assessment.questionnaire.questions.select_related("section__step"), key=question_key)
    changes = (
        AnswerChange.objects.filter(assessment=assessment, question=question)
        .select_related("changed_by")
        .order_by("-changed_at", "-id")
    )
    evidence = {e.token: e.original_name for e in assessment.evidence.filter(question=question)}
    return render(
        request,
        "assessments/history.html",
        {"assessment": assessment, "question": question, "changes": changes, "evidence_names": evidence},
    )


@require_member
def evidence_download(request: MemberRequest, assessment_id: int, token: str) -> FileResponse:
    assessment = assessment_for_user(request, assessment_id)
    evidence = get_object_or_404(Evidence, assessment=assessment, token=token)
    return private_download(
        request,
        file=evidence.file,
        filename=evidence.original_name,
        content_type=evidence.content_type,
        organisation=assessment.organisation,
        subject=f"{evidence.original_name} ({assessment.title})",
    )
