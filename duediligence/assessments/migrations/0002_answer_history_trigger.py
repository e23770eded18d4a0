"""Answer history kept by PostgreSQL itself.

Every INSERT of an answer, and every UPDATE that changes its value, copies old and new value, who and when
into assessments_answerchange. A trigger rather than a model signal, so that bulk updates, shell sessions and
data migrations leave a trace too (model-signal history misses queryset updates).
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION assessments_answer_history() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.value IS DISTINCT FROM OLD.value THEN
        INSERT INTO assessments_answerchange
            (answer_id, assessment_id, question_id, old_value, new_value, changed_by_id, changed_at)
        VALUES (
            NEW.id, NEW.assessment_id, NEW.question_id,
            CASE WHEN TG_OP = 'UPDATE' THEN OLD.value END,
            NEW.value, NEW.updated_by_id, NEW.updated_at
        );
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER assessments_answer_history
AFTER INSERT OR UPDATE ON assessments_answer
FOR EACH ROW EXECUTE FUNCTION assessments_answer_history();
"""

DROP = """
DROP TRIGGER IF EXISTS assessments_answer_history ON assessments_answer;
DROP FUNCTION IF EXISTS assessments_answer_history();
"""


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunSQL(CREATE, DROP)]
