# The two commands of README.md. Each sets up .venv and PostgreSQL on its own (duediligence/scripts/).
.PHONY: run test test-fast check lint format messages bench bench-web bench-partners bench-correction bench-screening bench-reports bench-grievances bench-invitations bench-api bench-restore bench-signing bench-rescreen bench-statements screenshots

run:
	@bash duediligence/scripts/run.sh

test:
	@bash duediligence/scripts/test.sh $(ARGS)

# Lint, layers, types and Django's checks, without the test suite (set-up as for `make test`).
# The quick loop while working: everything but the browser journeys and the tests marked slow.
test-fast:
	@bash duediligence/scripts/test.sh -m "not browser and not slow" $(ARGS)

check:
	@bash duediligence/scripts/check.sh

lint:
	@.venv/bin/ruff check . && .venv/bin/ruff format --check .

format:
	@.venv/bin/ruff format . && .venv/bin/ruff check --fix .

# Every benchmark, one after the other (about 15 minutes); figures go into bench/README.md.
bench:
	@bash duediligence/scripts/bench.sh bench/web_load.py bench/partners_import.py bench/reports_render.py bench/correction_copy.py bench/screening_quality.py bench/grievance_intake.py bench/partner_invitations.py bench/api.py bench/restore.py bench/signing.py bench/statement_render.py

bench-web:
	@bash duediligence/scripts/bench.sh bench/web_load.py

bench-signing:
	@bash duediligence/scripts/bench.sh bench/signing.py

# A list replaced under 1,000,000 partners of live assessments, screened again in batches by two processes.
bench-rescreen:
	@bash duediligence/scripts/bench.sh bench/rescreen_scale.py

bench-screening:
	@bash duediligence/scripts/bench.sh bench/screening_quality.py

bench-correction:
	@bash duediligence/scripts/bench.sh bench/correction_copy.py

bench-grievances:
	@bash duediligence/scripts/bench.sh bench/grievance_intake.py

bench-invitations:
	@bash duediligence/scripts/bench.sh bench/partner_invitations.py

bench-partners:
	@bash duediligence/scripts/bench.sh bench/partners_import.py

bench-api:
	@bash duediligence/scripts/bench.sh bench/api.py

# A full backup and a point-in-time restore with pgBackRest at the web benchmark's data set (needs root).
bench-restore:
	@bash duediligence/scripts/bench.sh bench/restore.py

screenshots:
	@bash duediligence/scripts/test.sh tests/browser/screenshots.py -o python_files=screenshots.py -n 0

bench-reports:
	@bash duediligence/scripts/bench.sh bench/reports_render.py

# An annual statement of an organisation with 10 assessments, in each regime, in a warmed-up worker (issue 35).
bench-statements:
	@bash duediligence/scripts/bench.sh bench/statement_render.py

# The catalogue of every language settings.PUBLIC_LANGUAGES lists: collect new strings into locale/<locale>/, translate
# them in each .po, then run this again to compile the .mo files the app loads (both are in the repository;
# gettext's tools are needed). docs/languages.md says how to add a language.
messages:
	@.venv/bin/python manage.py catalogues
