"""The questions the reports speak from, named once.

The composer, the report context and data/statements.yaml name questions by key. A string typed in one place and
renamed in another would silently drop a sentence from a published report, so every key the reports use is a
member here: mypy holds the code to these names, and tests/reports/test_question_keys.py holds them to the
questionnaires (each key asked by every version of the questionnaire from the one that introduced it) and to
statements.yaml (each key with its sentence, and no sentence without its key).
"""

from __future__ import annotations

from enum import StrEnum


class Q(StrEnum):
    """A question of the assessment questionnaire (hrdd) that a report turns into prose."""

    ACTIONS_TAKEN = "actions_taken"
    ACTIVITY_TYPES = "activity_types"
    AUDITOR_TIES = "auditor_ties"
    AUDIT_CONCLUSION = "audit_conclusion"
    AUDIT_DONE = "audit_done"
    AUDIT_SCOPE = "audit_scope"
    AUTHORITY_REQUESTS = "authority_requests"
    BEYOND_EXPORT_CONTROL = "beyond_export_control"
    BUSINESS_RELATIONSHIPS = "business_relationships"
    COMMITMENT_COMMUNICATION = "commitment_communication"
    COMMITMENT_DEVELOPMENT = "commitment_development"
    COMMITMENT_SCOPE = "commitment_scope"
    COMPLAINT_HANDLING = "complaint_handling"
    CONCERNS_CONFIDENCE = "concerns_confidence"
    CONSENT_BASIS = "consent_basis"
    CONSULTATION_LIMITS = "consultation_limits"
    CONTEXT_SOURCES = "context_sources"
    DATA_CATEGORIES = "data_categories"
    DATA_LOCATION = "data_location"
    DECISION_CONDITIONS = "decision_conditions"
    DECISION_DUE = "decision_due"
    DECISION_RATIONALE = "decision_rationale"
    DISCLOSURE_LOCATION = "disclosure_location"
    DISCLOSURE_POLICY = "disclosure_policy"
    EFFECTIVENESS = "effectiveness"
    END_USERS_KNOWN = "end_users_known"
    ENGAGEMENT_SELECTION = "engagement_selection"
    EXIT_PLAN = "exit_plan"
    EXPORT_CONTROL_STATUS = "export_control_status"
    FREEDOM_OF_MOVEMENT = "freedom_of_movement"
    FUNCTIONS_INVOLVED = "functions_involved"
    GOVERNANCE = "governance"
    GRIEVANCES_RECEIVED = "grievances_received"
    GRIEVANCE_CHANNEL = "grievance_channel"
    HIGH_RISK_INPUTS = "high_risk_inputs"
    INVOLVEMENT = "involvement"
    LABOUR_TRANSFER = "labour_transfer"
    LEVERAGE = "leverage"
    LISTED_PARTNER_RESPONSE = "listed_partner_response"
    LISTS_USED = "lists_used"
    MAIN_FINDINGS = "main_findings"
    MISUSE_ASSESSED = "misuse_assessed"
    MITIGATION_FEASIBLE = "mitigation_feasible"
    NEXT_COMMITMENTS = "next_commitments"
    ONGOING_SERVICE = "ongoing_service"
    OPERATES_IN_REGION = "operates_in_region"
    OWNERSHIP_CHECKED = "ownership_checked"
    OWN_SITES_IN_REGION = "own_sites_in_region"
    PARTNERS_MAPPED = "partners_mapped"
    PARTNER_KINDS = "partner_kinds"
    POLICY_COMMITMENT = "policy_commitment"
    POLICY_RELEVANCE = "policy_relevance"
    PRESENCE_DECISION = "presence_decision"
    PRIVATE_INTERVIEWS = "private_interviews"
    PROCESSES_PERSONAL_DATA = "processes_personal_data"
    PRODUCT_CATEGORIES = "product_categories"
    QUERIES_ANSWERED = "queries_answered"
    REMEDY_PROVIDED = "remedy_provided"
    REQUEST_PROCEDURE = "request_procedure"
    RESALE_CONTROLS = "resale_controls"
    SALIENT_ISSUES = "salient_issues"
    SCREENING_FREQUENCY = "screening_frequency"
    SECURITY_CUSTOMERS = "security_customers"
    SECURITY_RESEARCH = "security_research"
    SECURITY_SUPPLY_IN_PERIOD = "security_supply_in_period"
    SELLS_TO_SECURITY = "sells_to_security"
    SEVERITY_FIRST = "severity_first"
    SIGNOFF_BODY = "signoff_body"
    STAFF_IN_REGION = "staff_in_region"
    STAFF_TRAINING = "staff_training"
    STAKEHOLDER_INPUT = "stakeholder_input"
    STATE_PROGRAMMES_KNOWN = "state_programmes_known"
    SUPPORTS_COMPULSORY_COLLECTION = "supports_compulsory_collection"
    TRACING_DEPTH = "tracing_depth"
    UNANNOUNCED_POSSIBLE = "unannounced_possible"
    UNVERIFIED_STATEMENT = "unverified_statement"
    US_IMPORTS = "us_imports"
    WITHHOLDING_CHECKED = "withholding_checked"
    WORKER_VOICE = "worker_voice"
    XPCC_LINKS = "xpcc_links"


# The first questionnaire version asking each key, where later than the first: an assessment of an earlier version
# was never asked it, which is not a gap in its answers.
INTRODUCED_IN: dict[Q, int] = {
    Q.BUSINESS_RELATIONSHIPS: 3,
    Q.COMMITMENT_COMMUNICATION: 3,
    Q.COMMITMENT_DEVELOPMENT: 3,
    Q.COMMITMENT_SCOPE: 3,
    Q.COMPLAINT_HANDLING: 3,
    Q.CONCERNS_CONFIDENCE: 3,
    Q.DECISION_DUE: 3,
    Q.ENGAGEMENT_SELECTION: 3,
    Q.FUNCTIONS_INVOLVED: 3,
    Q.POLICY_RELEVANCE: 3,
    Q.SECURITY_SUPPLY_IN_PERIOD: 3,
    Q.STAFF_TRAINING: 3,
}


def introduced_in(key: Q) -> int:
    return INTRODUCED_IN.get(key, 1)
