"""Parent surveys: templates, Forms imports, paper entry, results, channel preferences."""

from outreach.surveys.apply import (
    ChannelChange,
    apply_channels,
    channel_plan,
    coverage_change,
    describe_change,
    describe_coverage,
    describe_doubt,
)
from outreach.surveys.importer import (
    MATCH_WORDS,
    ImportReport,
    commit_import,
    import_responses,
    infer_question,
    plan_import,
)
from outreach.surveys.model import (
    TYPE_WORDS,
    TYPES,
    Option,
    Question,
    Survey,
    SurveyDoc,
    SurveyInfo,
    TemplateInfo,
    add_response,
    answered_guardian_ids,
    correct_question,
    create_survey,
    delete_response,
    delete_survey,
    edit_question,
    find_guardian,
    get_survey,
    list_surveys,
    list_templates,
    new_from_template,
    retype_questions,
    survey_dict,
)
from outreach.surveys.results import Results, export_results, response_rates, results

__all__ = [
    "MATCH_WORDS", "TYPE_WORDS", "TYPES", "ChannelChange", "ImportReport", "Option", "Question", "Results", "Survey", "SurveyDoc", "SurveyInfo",
    "TemplateInfo", "add_response", "answered_guardian_ids",
    "apply_channels", "channel_plan", "commit_import", "correct_question", "coverage_change", "create_survey",
    "delete_response", "delete_survey", "describe_change", "describe_coverage", "describe_doubt", "edit_question",
    "export_results", "find_guardian", "get_survey", "import_responses", "infer_question",
    "list_surveys", "list_templates", "new_from_template",
    "plan_import", "response_rates",
    "results", "retype_questions", "survey_dict",
]
