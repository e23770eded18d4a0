from django.apps import AppConfig


class RespondentsConfig(AppConfig):
    name = "duediligence.respondents"
    verbose_name = "Partner questionnaires sent by invitation"

    def ready(self) -> None:
        from duediligence.assessments.ownership import register
        from duediligence.respondents.owned import OWNED

        register(*OWNED)

        from duediligence.respondents.late import late_flags
        from duediligence.respondents.selectors import partner_flags, silence_flags
        from duediligence.risks.register import register_flag_source

        register_flag_source(partner_flags)
        register_flag_source(silence_flags)
        register_flag_source(late_flags)
