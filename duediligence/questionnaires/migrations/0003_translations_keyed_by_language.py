"""The Chinese wording moves from *_zh columns (and label_zh in each choice) into one `translations` JSON per row,
keyed by language, so another language adds keys, not columns. Every loaded version keeps exactly the Chinese
it had: its assessments and invitations read the same text. Rows are updated in place through querysets (a loaded
questionnaire refuses model saves)."""

from django.db import migrations, models

# The code Chinese was served under when the columns were written (settings.PUBLIC_LANGUAGES then).
CHINESE = "zh-hans"
COLUMNS = {
    "questionnaire": ("title", "description"),
    "step": ("title", "intro"),
    "section": ("title", "intro"),
    "question": ("label", "help"),
}


def translations_from_columns(row: dict, fields: tuple[str, ...], choices: list | None = None) -> tuple[dict, list]:
    """(translations, choices without label_zh) for one row's values, as read from the old columns."""
    chinese = {field: row[f"{field}_zh"] for field in fields if (row.get(f"{field}_zh") or "").strip()}
    kept = []
    labels = {}
    for choice in choices or []:
        if isinstance(choice, dict) and "label_zh" in choice:
            choice = dict(choice)
            label = choice.pop("label_zh")
            if label:
                labels[choice["value"]] = label
        if isinstance(choice, dict) and isinstance(choice.get("label"), bool):
            # Version 1 wrote `label: No` unquoted, which YAML read as false and the English page showed "False".
            choice = {**choice, "label": "Yes" if choice["label"] else "No"}
        kept.append(choice)
    if labels:
        chinese["choices"] = labels
    return ({CHINESE: chinese} if chinese else {}), kept


def forwards(apps, schema_editor):
    for model_name, fields in COLUMNS.items():
        model = apps.get_model("questionnaires", model_name)
        columns = ["pk", *(f"{field}_zh" for field in fields)] + (["choices"] if model_name == "question" else [])
        for row in model.objects.values(*columns).iterator():
            translations, choices = translations_from_columns(row, fields, row.get("choices"))
            changes = {"translations": translations}
            if model_name == "question":
                changes["choices"] = choices
            if translations or model_name == "question" and choices != row["choices"]:
                model.objects.filter(pk=row["pk"]).update(**changes)


def backwards(apps, schema_editor):
    for model_name, fields in COLUMNS.items():
        model = apps.get_model("questionnaires", model_name)
        for row in model.objects.exclude(translations={}).values("pk", "translations", *(
            ["choices"] if model_name == "question" else []
        )).iterator():
            chinese = row["translations"].get(CHINESE, {})
            changes = {f"{field}_zh": chinese.get(field, "") for field in fields}
            if model_name == "question":
                labels = chinese.get("choices", {})
                changes["choices"] = [
                    {**choice, "label_zh": labels.get(choice["value"], "")} if labels else choice
                    for choice in row["choices"]
                ]
            model.objects.filter(pk=row["pk"]).update(**changes)


class Migration(migrations.Migration):
    dependencies = [
        ("questionnaires", "0002_partner_questionnaires_in_two_languages"),
    ]

    operations = [
        *(
            migrations.AddField(model_name=name, name="translations", field=models.JSONField(blank=True, default=dict))
            for name in COLUMNS
        ),
        migrations.RunPython(forwards, backwards),
        *(
            migrations.RemoveField(model_name=name, name=f"{field}_zh")
            for name, fields in COLUMNS.items()
            for field in fields
        ),
        migrations.AlterField(
            model_name="questionnaire",
            name="kind",
            field=models.CharField(
                choices=[
                    ("assessment", "An assessment's questionnaire, answered by the company"),
                    ("partner", "A partner questionnaire, answered by the partner in any language it is translated into"),
                ],
                default="assessment",
                max_length=20,
            ),
        ),
    ]
