"""A revision's public report may be published in several variants, each signed with the organisation's key."""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

VARIANTS = [
    ("ungprf", "UN Guiding Principles Reporting Framework"),
    ("uk_msa", "UK Modern Slavery Act, section 54 statement"),
    ("norway", "Norwegian Transparency Act account"),
]


def variants_from_variant(apps, schema_editor):
    RenderJob = apps.get_model("reports", "RenderJob")
    for job in RenderJob.objects.exclude(variant=""):
        job.variants = [job.variant]
        job.save(update_fields=["variants"])


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0009_fragment_cache_scope"),
        ("reports", "0004_published_content_hash"),
        ("signing", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(name="publishedreport", options={"ordering": ["assessment", "kind", "variant"]}),
        migrations.RemoveConstraint(model_name="publishedreport", name="one_published_report_per_kind"),
        migrations.AddConstraint(
            model_name="publishedreport",
            constraint=models.UniqueConstraint(
                fields=("assessment", "kind", "variant"), name="one_published_report_per_variant"
            ),
        ),
        migrations.AddField(
            model_name="publishedreport",
            name="signing_key",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="signing.signingkey",
            ),
        ),
        migrations.AddField(
            model_name="renderjob",
            name="variants",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(choices=VARIANTS, max_length=10), blank=True, default=list, size=None
            ),
        ),
        migrations.RunPython(variants_from_variant, migrations.RunPython.noop),
        migrations.RemoveField(model_name="renderjob", name="variant"),
    ]
