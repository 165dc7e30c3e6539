"""Reading prompt and instruction files as documents: only the ask and the workflow ask for work."""

from __future__ import annotations

import pytest

from routesmith.decompose import decompose, decompose_span, reads_as_instructions, sections
from routesmith.decompose.document import facts, toml_prompt_span
from routesmith.decompose.frontmatter import parse_frontmatter
from routesmith.model import TaskType

P, A, C, T = TaskType.PLANNING, TaskType.ANALYSIS, TaskType.CODING, TaskType.TESTING
D, F, V, R = TaskType.DOCUMENTATION, TaskType.FORMATTING, TaskType.REVIEW, TaskType.REFACTOR


def tasks(text: str) -> list[TaskType]:
    return [step.task for step in decompose(text).steps]


def instruction_tasks(text: str) -> list[TaskType]:
    return [
        step.task
        for section in sections(text)
        for step in decompose_span(text, section.span, instructions=True).steps
    ]


def test_explicit_markers_are_the_users_word_in_the_users_order() -> None:
    found = decompose("[plan] [code] [test] build this feature").steps
    assert [(s.task, s.text, s.depends_on) for s in found] == [
        (P, "[plan]", []),
        (C, "[code]", [1]),
        (T, "[test]", [2]),
    ]
    assert "explicit marker" in found[0].reasons[0]
    assert tasks("[review] [format] check src/") == [V, F]  # the user's order, not the usual one
    assert tasks("See [docs](https://example.com) and implement it") == [C]  # a link is no marker
    assert tasks("[WIP] build it") == [C]  # a tag is no marker, and no part of the request


def test_the_description_is_the_ask_when_the_body_has_no_workflow() -> None:
    text = "---\ndescription: Complete a security review of the changes\n---\n\nYou are an engineer.\n"
    assert tasks(text) == [V]
    # "Use this agent when you need to ...": what it is used for; the examples after it are not asks.
    agent = (
        "---\nname: x\ndescription: Use this agent when you need to review test coverage. Examples: after "
        "writing a feature, use this agent to write docs.\n---\nYou are a QA engineer.\n"
    )
    assert tasks(agent) == [V]
    folded = "---\ndescription: >-\n  Write the release notes\n  for this version.\n---\nBe brief.\n"
    assert tasks(folded) == [D]


def test_what_a_lead_paragraph_says_the_file_is_used_for_is_its_ask() -> None:
    # the lead as the description is read: "Use this command to" says what the file is for
    notes = "\n## Notes\n\n- Keep it small\n"
    assert tasks(
        "# Elements\n\nUse this command to scaffold a new question element component.\n" + notes
    ) == [C]
    assert tasks("# Reviews\n\nUse this skill when you need to review a pull request.\n" + notes) == [V]
    assert tasks("# Reviews\n\nUse the checklist below.\n" + notes) == []  # no purpose: nothing asked


def test_a_review_that_fixes_what_it_finds_keeps_its_fixes_not_its_reading() -> None:
    text = (
        "---\ndescription: Analyze the CodeRabbit feedback and fix legitimate issues\n---\n# Triage\n\n"
        "## Step 1: Fetch the review comments\n\n## Step 2: Evaluate and fix\n\n"
        "1. **Assess validity**: explain why each comment is valid or not\n"
        "2. **Fix valid issues**: implement only the ones that are genuinely problematic\n"
    )
    assert list(dict.fromkeys(tasks(text))) == [V, C]  # no analysis step for reading the comments
    # a review alone still bounds its workflow: the fixes it would suggest are its findings
    review_only = text.replace(" and fix legitimate issues", "")
    assert tasks(review_only) == [V]


def test_files_the_lead_only_names_bound_no_workflow() -> None:
    # "Follow `conventions.md`" names what to read, no docs deliverable: the fix under "## Task" stands
    text = (
        "---\ndescription: Fix issues from code review\n---\n"
        "# Fix command\n\nFollow `CLAUDE.md`, `conventions.md`, and `ARCHITECTURE.md`.\n\n"
        "## Task\n\nFix the issues identified in code review.\n\n## Notes\n\n- Never fix without approval\n"
    )
    assert set(tasks(text)) == {C}


def test_numbered_headings_under_criteria_are_criteria_not_steps() -> None:
    text = (
        "# Review the payment module\n\nReview the changes in `payments/`.\n\n## Review criteria\n\n"
        "### 1. Check the error handling\n\n### 2. Add tests for refunds\n\n### 3. Document the retries\n"
    )
    assert tasks(text) == [V]


def test_a_workflow_spells_the_ask_out() -> None:
    text = (
        "---\ndescription: Ship the invoices page\n---\n## Steps\n1. Plan the components\n2. Implement them\n"
        "3. Add tests\n"
    )
    assert tasks(text) == [P, C, T]
    reasons = decompose(text).steps[0].reasons
    assert "document role: workflow, a numbered item under “Steps” (a step of its workflow)" in reasons


def test_sections_of_no_work_give_no_steps() -> None:
    text = """# Fix the flaky upload test

Find out why `test_upload` fails on CI and fix it.

## Context
We refactored the storage layer last week and added retries.

## Acceptance criteria
- [ ] No sleeps in tests
- [ ] Document the retry policy

## Output format
Summarise the root cause, then list the changed files with a review note for each.

## Examples
- Implement exponential backoff in `storage.py`
"""
    assert tasks(text) == [A, C]


def test_a_plan_command_plans_what_its_workflow_describes() -> None:
    text = """---
description: Create an implementation plan for the feature in $ARGUMENTS
---
# Plan a feature

## Process
1. Read the relevant code and the issue
2. Write the plan: which modules to implement, which tests to add, which docs to update
3. Save it as PLAN.md
"""
    assert set(tasks(text)) <= {A, P} and P in tasks(text)


def test_a_review_reads_and_checks_as_part_of_the_review() -> None:
    text = """---
description: Review the current branch before pushing
---
## Steps
1. Read the diff with `git diff main...`
2. Check the error handling of every new function
3. Verify that the tests cover the new branches
4. Report the findings by severity
"""
    assert tasks(text) == [V]


def test_a_read_only_file_asks_for_no_edits() -> None:
    assert facts("---\nmode: ask\n---\n", parse_frontmatter("---\nmode: ask\n---\n")).read_only == "mode: ask"
    text = "---\ntools: Read, Grep, Glob\n---\nFind where the session cookie is set and fix the flag.\n"
    assert tasks(text) == [A]  # it can look, not change
    listed = "---\ntools:\n  - Read\n  - Edit\n---\nFix the cookie flag.\n"
    assert tasks(listed) == [C]  # a list with an edit tool can change files
    restricted = "---\nallowed-tools: Bash(git diff:*), Read\n---\nFix the cookie flag.\n"
    assert tasks(restricted) == [A]
    agent = "---\nmode: 'agent'\ntools: ['search/codebase']\n---\nFix the cookie flag.\n"
    assert tasks(agent) == [C]  # Copilot's agent mode edits; `tools:` adds to it


def test_instruction_files_are_standing_rules_except_a_procedure_for_every_request() -> None:
    rules = """# AGENTS.md

This repository holds the billing service. Run `make test` before you push.

## Code style
- Refactor long functions into small ones
- Document every public function

## When fixing a bug
1. Reproduce it with a test
2. Fix it
"""
    assert instruction_tasks(rules) == []
    # How the project works is context; a procedure the file says applies to every request is a route.
    workflow = "\n## Workflow\n1. Read the issue\n2. Implement the change\n3. Run the tests\n"
    assert instruction_tasks(rules + workflow) == []
    every = workflow.replace("## Workflow\n", "## Workflow\nFollow these steps for every request:\n")
    assert instruction_tasks(rules + every) == [A, C, T]


def test_gemini_cli_commands_route_their_prompt_string() -> None:
    text = 'description = "Write tests"\nprompt = """\nWrite unit tests for {{args}} and run them.\n"""\n'
    start, end = toml_prompt_span(text) or (0, 0)
    assert text[start:end].strip() == "Write unit tests for {{args}} and run them."
    assert set(tasks(text)) == {T}
    assert tasks('prompt = "Review the staged changes"\n') == [V]


def test_the_role_an_agent_file_gives_is_its_ask() -> None:
    text = "# Security Reviewer (Terraform)\n\nAct as a strict reviewer. Do not edit.\n\n## Checks\n- IAM\n"
    found = decompose(text).steps
    assert [s.task for s in found] == [V]
    assert "the role the file gives" in found[0].reasons[0]
    writer = "---\nname: docs\ntools: Read, Write\n---\nYou are a technical writer for this repository.\n"
    assert tasks(writer) == [D]
    qa = "---\ndescription: QA engineer che scrive test per questa codebase\n---\n# Test Agent\n"
    assert tasks(qa) == [T]
    # A role is given up front or in so many words, not in a later "Avoid: ... critique".
    walk = (
        "---\nname: walk\n---\nExplain the diff chunk by chunk.\n\n"
        "Avoid: rationale or critique unless asked.\n"
    )
    assert tasks(walk) == [A]
    assert tasks("---\nname: x\n---\nBe brief.\n\nYou are a strict security reviewer.\n") == [V]
    # A description says what the role is for.
    described = "---\ndescription: Finds the root cause of failing builds\n---\nYou are a senior reviewer.\n"
    assert tasks(described) == [A]


def test_numbered_headings_of_an_instruction_file_are_no_procedure() -> None:
    text = (
        "# Guide\n\n## 1. Build\nRun `make build` before you push.\n\n## 2. Tests\nAdd tests for new code.\n"
    )
    assert instruction_tasks(text) == []
    german = (
        "# Regeln\n\n## Arbeitsablauf (jede Aufgabe)\n"
        "1. Analysiere das Issue\n2. Implementiere die Änderung\n"
    )
    assert instruction_tasks(german) == [A, C]


def test_steps_carry_their_section_and_the_files_own_numbers() -> None:
    text = "# Ship it\n\n## Steps\n1. Plan the export\n2. Implement it\n\n### Step 3: Add tests\n"
    found = decompose(text).steps
    assert [(s.section, s.number) for s in found] == [("Steps", "1"), ("Steps", "2"), ("Steps", "Step 3")]
    assert [(s.section, s.number) for s in decompose("Plan it and build it").steps] == [(None, None)] * 2


def test_a_text_with_no_path_reads_as_whichever_kind_it_is() -> None:
    from routesmith.decompose import reads_as_instructions

    agents = (
        "# Project\n\nA billing service.\n\n## Tech stack\n- Python\n\n"
        "## Code style\n- Refactor long functions\n\n## Testing\n- Add tests for new code\n\n"
        "## Commands\n- `make test`\n"
    )
    assert reads_as_instructions(agents)
    assert reads_as_instructions("---\napplyTo: '**/*.py'\n---\nUse type hints.\n")
    # A Windsurf rule: when it applies is the rule's trigger, what it says is a standing rule.
    windsurf = (
        "---\ntrigger: model_decision\ndescription: when writing any frontend code\n---\n\n"
        "Always use Tailwind.\n"
    )
    assert reads_as_instructions(windsurf)
    assert not reads_as_instructions("## Steps\n1. Plan it\n2. Build it\n\n## Context\nx\n\n## Notes\ny\n")
    assert not reads_as_instructions(
        "---\ndescription: Write the docs\n---\n## Context\n## Rules\n## Notes\n"
    )


CURSORRULES = (
    "You are an expert in TypeScript, Node.js and React.\n\nCode Style and Structure:\n\n- Write short code\n"
    "- Use functional patterns\n\nNaming Conventions:\n\n- Use lowercase with dashes for directories\n\n"
    "TypeScript Usage:\n\n- Use TypeScript for all code; prefer types over interfaces\n"
)


@pytest.mark.parametrize(
    ("text", "standing"),
    [
        (
            "# Beads\n\nThis file is short. Do not copy rules here.\n\n## Read first\n- Run `bd prime`.\n",
            True,
        ),
        ("# Repo\n\nA Go service. This document lists how we work.\n\n- Fix lint before you push.\n", True),
        ("# Dépôt\n\nCe fichier guide les agents.\n\n## Tests\n- Ajoute des tests.\n", True),
        ("# Ship it\n\nUpdate this file with the new flag, then add tests.\n", False),
        ("# Ship it\n\nAdd the flag.\n\n- Step one\n\nThis file is the spec.\n", False),
        ("# Deer\n\nUse this file as the default operating guide.\n\n## Build\n- Run `make test`.\n", True),
        ("# React Router Project Instructions\n\n## Start\n\nRead AGENTS.md first.\n- Run tests.\n", True),
        # a title whose main part ends in standing rules, before a subtitle; one that names work is a prompt
        ("# Aider Conventions\n\n1. **Read `.ai/rules.md`** first.\n2. Update it when you learn.\n", True),
        ("# AI Rules — Flask + HTMX (Monorepo)\n\n**Purpose:** rules\n\n## Security\n- Add CSRF.\n", True),
        ("# Release notes\n\n1. Read the merged PRs.\n2. Update it when you learn more.\n", False),
        ("# Fix the lint rules\n\n1. Read the config.\n2. Update it.\n", False),
        ("# Ship it\n\nUse the flag from this file, then add tests.\n\n## Build\n- Run `make`.\n", False),
        # no sections, labels of rules over their lists (a common `.cursorrules`)
        (CURSORRULES, True),
        (CURSORRULES.replace("Naming Conventions:", "Steps:"), False),  # a label of work: a prompt
        (
            "Update the CHANGELOG.\n\nWhen processing commits:\n- Use the PR title\n\nIf OK:\n- Tag it\n",
            False,
        ),
    ],
)
def test_a_text_with_no_path_that_describes_itself_reads_as_instructions(text: str, standing: bool) -> None:
    # A sentence of the lead that opens with the file itself; later in the file, or as an object, it asks.
    assert reads_as_instructions(text) is standing


def test_a_check_named_in_a_command_is_a_test_run() -> None:
    assert tasks("Run `make verify`, then `npm run typecheck`.") == [T, T]


def test_a_gemini_commands_description_is_its_ask() -> None:
    text = 'description = "Critically analyze claims"\nprompt = """Invoke the analysis skill: {{args}}"""\n'
    assert tasks(text) == [A]


def test_a_manner_adverb_before_the_verb_is_no_part_of_the_request() -> None:
    assert tasks("Carefully review the diff and thoroughly test it") == [V, T]
    assert tasks("Apply the fix") == [C]  # a verb ending in -ly stays a verb


def test_french_reading_verbs_investigate() -> None:
    assert tasks("Lis le fichier README.md, puis parcours les fichiers principaux.") == [A, A]


def test_a_step_word_without_a_number_names_no_procedure_in_an_instruction_file() -> None:
    text = (
        "# Repo\n\n## Task verification\n- Run `make lint` each time\n\n"
        "## Step 1 (every task): Build\nRun the build.\n"
    )
    assert instruction_tasks(text) == [C]  # only the numbered step is a procedure


def test_a_thing_the_lead_names_does_not_override_the_description() -> None:
    text = (
        "---\ndescription: Review test implementations and coverage\ntools: Read, Grep\n---\n"
        "You are an expert with deep knowledge of code coverage analysis.\n"
    )
    assert tasks(text) == [V]


def test_a_title_states_the_ask_where_the_file_says_nothing_else() -> None:
    text = (
        "# Update the documentation\n\n## 1.0 Purpose\nKeep it in sync.\n\n## Context\nDocs live in docs/.\n"
    )
    assert tasks(text) == [D]


def test_a_heading_that_names_its_work_last_holds_the_workflow() -> None:
    text = (
        "# Debug\n\nYou are a careful engineer.\n\n## Systematic Debugging Process\n"
        "1. Reproduce the issue\n2. Implement the fix\n3. Run the test suite\n"
    )
    assert tasks(text) == [A, C, T]


def test_what_the_file_calls_itself_bounds_its_lead() -> None:
    # The description names a review; "propose fixes" in the lead is the review's findings, not a plan.
    text = (
        "---\ndescription: Security review of the Terraform modules\n---\n\n"
        "Act as a strict security reviewer. Do not modify files; propose diffs and remediation.\n"
    )
    assert tasks(text) == [V]


def test_a_verbs_default_in_the_lead_is_no_ask_of_its_own() -> None:
    text = (
        "---\ndescription: Explain how the session cache expires entries\n---\n\n"
        "Explain how the session cache expires entries. Apply the same reading to the token cache.\n"
    )
    assert tasks(text) == [A]


def test_a_rare_kind_of_work_in_a_long_workflow_is_incidental_but_a_closing_test_run_stays() -> None:
    items = [
        "Read the handler in `api/orders.py`",
        "Find where the totals are computed",
        "Identify every caller of `total()`",
        "Implement the discount rule in `pricing.py`",
        "Add the discount field to the order model",
        "Handle a missing discount code",
        "Wire the rule into the checkout handler",
        "Write down the baseline in the notes file",
        "Fix the rounding in the invoice view",
        "Run the test suite",
    ]
    steps = "".join(f"{n}. {item}\n" for n, item in enumerate(items, 1))
    assert set(tasks("# Add order discounts\n\n## Steps\n" + steps)) == {A, C, T}
    # Fewer steps than that are read one by one: the same note in a short workflow stays.
    short = "# Add order discounts\n\n## Steps\n1. Implement the rule\n2. Document it in the notes\n"
    assert D in tasks(short)
    # A step whose heading names its kind is a workflow item of its own, however short.
    checks = "".join(f"- Check the {part}\n" for part in ("logs", "mocks", "timeouts", "fixtures", "seeds"))
    debug = (
        "# Fix a failing test\n\n## Step 1: Understand the failure\n" + checks + "- Read the trace\n"
        "- Find the commit that broke it\n- Compare with main\n- Identify the flaky call\n"
        "\n## Step 2: Fix\n- Update the parser\n\n## Step 3: Verify\n- Run the test suite\n"
    )
    assert set(tasks(debug)) == {A, C, T}


def test_a_refactor_workflow_restructures_and_checks_what_it_keeps() -> None:
    text = (
        "# Refactor the parser\n\n## Steps\n1. Analyze `parser.py`\n"
        "2. Extract the tokenizer into its own module\n3. Create `tokenizer.py` for it\n4. Run the tests\n"
    )
    assert tasks(text) == [A, R, T]
    # reading the file it refactors only prepares the refactor
    assert tasks(text.replace("Analyze", "Read")) == [R, T]


def test_reading_what_a_deliverable_draws_on_is_no_analysis_of_its_own() -> None:
    text = (
        "# Spec tests\n\n## Workflow\n1. Read the architecture from `specs/ARCHITECTURE.md`\n"
        "2. Read the relevant specs from `specs/`\n3. Write tests that cover the spec\n"
    )
    assert tasks(text) == [T]
    # one step that analyses makes the analysis work of its own, and the reading with it
    analysed = text.replace("Read the relevant specs from `specs/`", "Analyze which specs the change touches")
    assert tasks(analysed) == [A, A, T]
    # a document that only reads and reports is analysis throughout
    assert tasks("# Explain\n\n## Steps\n1. Read `parser.py`\n2. Explain how it tokenizes\n") == [A, A]
    de = "# Changelog\n\n## Ablauf\n1. Lies die bestehende CHANGELOG.md\n2. Schreibe den Eintrag\n"
    assert tasks(de) == [D]
    ja = "# テスト\n\n## 手順\n1. issue文書を読んでください\n2. テストを実行してください\n"
    assert tasks(ja) == [T]


def test_an_ask_that_only_names_things_asks_for_nothing() -> None:
    # a context-injection command: test files named as context are read, not written or run
    text = (
        "---\ndescription: Injects the CLI source as context\n---\nThe following output contains the source"
        " code of the CLI and representative test files (`src/App.test.tsx` and `src/Input.test.tsx`).\n\n"
        "Pay close attention to these files.\n"
    )
    assert tasks(text) == []
    assert tasks(text + "\nWrite tests for the input prompt in the same style.\n") == [T]


def test_a_text_with_no_path_reads_as_a_prompt_when_it_takes_a_request() -> None:
    rules = "## Code style\nUse ruff.\n\n## Testing\nRun pytest.\n\n## Commits\nUse conventional commits.\n"
    assert reads_as_instructions(rules)
    assert not reads_as_instructions("Review the following change: $ARGUMENTS\n\n" + rules)
    assert not reads_as_instructions("---\nmode: agent\n---\n" + rules)
    toml = '# Gemini CLI command\ndescription = "Review"\nprompt = """\n' + rules + '"""\n'
    assert not reads_as_instructions(toml)
    # A title naming an instruction file says what it is, with fewer topic sections.
    assert reads_as_instructions("# CLAUDE.md\n\n## Commands\n- make test\n")
    assert not reads_as_instructions("# Release notes\n\n## Commands\n- make test\n")
    # ... or standing rules: "Best Practices", "Coding Conventions".
    assert reads_as_instructions("# Dash Callbacks Best Practices\n\n- Use `prevent_initial_call=True`.\n")
    assert not reads_as_instructions("# Fix the login bug\n\n- Use `prevent_initial_call=True`.\n")


def test_a_kind_only_verbs_defaults_name_is_no_kind_the_document_asks_for() -> None:
    steps = "1. Investigate what the issue is about\n2. Apply the matching labels\n"
    assert tasks("# Label the issue\n\n## Steps\n" + steps) == [A]
    # With no cue at all, the defaults are all the document says.
    assert tasks("# Bump\n\n## Steps\n1. Update the version string\n2. Apply it to the lock file\n") == [C, C]


def test_a_lead_in_asks_for_the_work_when_its_list_only_names_parts_of_the_answer() -> None:
    # A real Copilot prompt (tests/data/real/files/d002.md): the numbered list is the report's sections.
    text = (
        "---\nmode: 'agent'\n---\n\nÜberprüfen Sie den gesamten Quellcode des Projekts und erstellen Sie "
        "einen Bericht auf Deutsch. Der Bericht sollte folgende Abschnitte enthalten:\n\n"
        "1. **Überblick** – Eine Zusammenfassung der Projektstruktur.\n"
        "2. **Kritische Probleme** – Schwere Fehler oder Schwachstellen.\n"
    )
    assert V in tasks(text)
    # The sentence that introduces a template is no step; the sentence before it still is.
    report = (
        "---\nmode: agent\n---\nReview the source code of the project. The report should have these "
        "sections:\n\n1. **Critical issues** – bugs to fix\n2. **Refactoring opportunities**\n"
    )
    assert tasks(report) == [V]


def test_an_item_only_a_verbs_default_reads_is_spelled_out_by_its_sub_items() -> None:
    text = (
        "# Execute the plan\n\n## Process\n1. **Implement**\n   - Write the code the plan names\n"
        "2. **Validate**\n   - Run the final validation suite\n"
    )
    assert tasks(text) == [C, T]


def test_a_role_named_by_what_it_does_is_the_ask() -> None:
    text = (
        "---\nmode: agent\n---\nYou will be acting as a senior software engineer performing a code review "
        "for a colleague.\n\nFollow the guidelines below.\n"
    )
    assert tasks(text) == [V]


def test_the_first_sentence_that_asks_names_the_deliverable() -> None:
    text = (
        "---\nmode: agent\n---\nYou are tasked with conducting a thorough security audit of the codebase.\n\n"
        "**Objective:** Identify, prioritize, and propose remediation strategies for vulnerabilities.\n"
    )
    assert tasks(text) == [V]


def test_a_long_workflow_of_evenly_repeated_kinds_keeps_every_kind() -> None:
    part = (
        "## Part {n}\n\n1. Plan the export {n} and implement it\n2. Add tests for it, then document it\n"
        "- Refactor the importer {n} and get it reviewed\n\n"
    )
    text = "".join(part.format(n=n) for n in range(1, 11))
    assert set(tasks(text)) == {P, C, T, D, R, V}


def test_docs_a_document_reads_are_no_docs_work_and_its_answer_is_no_document() -> None:
    reads = (
        "---\ndescription: Answer questions about a library\n---\n## Steps\n"
        "1. Fetch the relevant documentation for the library\n2. Load `specs/design.md`\n"
    )
    assert set(tasks(reads)) == {A}
    # A commit message or a report is the answer: the change types its workflow lists are its content.
    commit = (
        "---\ndescription: Generate a commit message from the staged changes\n---\n## Steps\n"
        "1. Run `git diff --cached`\n2. Identify the type of change:\n   - feat: a new feature\n"
        "3. Write the tests section of the message\n"
    )
    assert set(tasks(commit)) == {A}
    assert tasks("---\ndescription: Provide a report of the flaky tests\n---\nBe brief.\n") == [A]
    # "Propose a commit message": the answer, whatever the verb; the sub-items of one are its parts.
    proposal = (
        "---\ndescription: Commit the staged changes\n---\n## Steps\n1. Analyze the staged changes\n"
        "2. Propose a conventional commit message:\n   - concise, imperative\n   - align with the style\n"
    )
    assert set(tasks(proposal)) == {A}
    # What the work becomes is its answer too, across a line break; a review's report is the review.
    merged = (
        "---\nname: review-full\n---\nOrchestrate a full review of the current diff, then deduplicate into\n"
        "one report.\nWrite the merged report to `reviews/today.md`.\n"
    )
    assert tasks(merged) == [V]
    # Writing into a document is still docs work, and a one-line prompt keeps its reading.
    assert tasks("---\ndescription: Add a summary to the README\n---\nBe brief.\n") == [D]
    assert tasks("Write the PR description and commit.") == [D]


def test_a_prompt_of_several_lines_is_read_as_a_document_and_files_it_lists_are_mentions() -> None:
    text = (
        "Ship the export feature end to end.\n\n"
        "Follow `docs/ai/export.md`: plan it, build it, then test it.\n\n"
        "Supporting docs:\n\n- `docs/ai/cli.md`, `docs/ai/review.md`\n- `docs/ai/runs/README.md`\n"
    )
    assert tasks(text) == [P, C, C, T]  # the listed files are no docs work
    steps = decompose(text).steps
    assert all("document role: ask" in step.reasons[-1] for step in steps)
    # Files after a verb that writes them are still asked for.
    assert D in tasks(text.replace("Supporting docs:", "Update these docs:"))


def test_with_no_path_headings_named_last_and_the_points_of_principles_read_as_rules() -> None:
    rules = (
        "# Project guide\n\n## Overview\nA blog.\n\n## 设计原则\n\n### 1. 内容优先\n- 减少干扰\n\n"
        "### 2. 温暖但专业\n"
        "- 保持专业\n\n### 3. 响应式优先\n- 手机优先\n\n## 代码规范\n- 使用 TypeScript\n"
    )
    assert reads_as_instructions(rules)
    english = (
        "# Skills repo\n\n## Project structure\n- `skills/`\n\n## General guidelines\n- Use English\n\n"
        "## Workflow rules\n- Read the nested AGENTS.md\n"
    )
    assert reads_as_instructions(english)
    # Numbered headings under a topic that names no rules are a command's work.
    command = (
        "# Cleanup command\n\nRemove redundancy from the file.\n\n## Categories\n\n### 1. Duplicate blocks\n"
        "Merge them.\n\n### 2. Dead branches\nDelete them.\n\n### 3. Unused variables\nDrop them.\n"
    )
    assert not reads_as_instructions(command)


def test_the_description_names_work_its_workflow_misses_and_a_named_tool_is_no_formatting() -> None:
    text = (
        "---\ndescription: Run the full test suite for a repository\n---\n# /test-repo\n\n## Step 0\n"
        "1. Determine which repository is meant\n2. Keep the code style of the project and the formatter\n"
    )
    assert tasks(text) == [A, T]
    # The workflow names the description's kind: the description is its summary.
    spelled = (
        "---\ndescription: Run the test suite\n---\n## Steps\n1. Find the repository\n2. Run the tests\n"
    )
    assert [s.text for s in decompose(spelled).steps] == ["Find the repository", "Run the tests"]


def test_an_instruction_procedure_only_a_verbs_default_names_is_no_route() -> None:
    text = (
        "# CLAUDE.md\n\n## Required workflow\n\nAfter changing the pages or scripts, run:\n\n"
        "```bash\nnpm test\n```\n"
    )
    assert instruction_tasks(text) == []
    procedure = (
        "# AGENTS.md\n\n## Workflow for every task\n\n1. Reproduce the bug\n2. Fix it\n"
        "3. Add a regression test\n"
    )
    assert instruction_tasks(procedure) == [A, C, T]


def test_questions_in_an_instruction_procedure_are_checks_not_steps() -> None:
    text = (
        "# AGENTS.md\n\n## Workflow (every session)\n\n1. Fix the bug\n"
        "2. What happens if the list is empty? Is there an XSS risk?\n"
    )
    assert instruction_tasks(text) == [C]


def test_a_line_that_labels_the_requests_slot_is_no_step() -> None:
    text = (
        "---\ndescription: Analyze the feature\n---\nFollow the steps below.\n\n"
        "Target feature (optional): {{args}}\n"
    )
    assert tasks(text) == [A]
    assert tasks("---\nname: r\n---\nReview the pull request: $ARGUMENTS\n") == [V]


def test_a_description_that_names_its_work_in_a_noun_phrase_is_the_ask() -> None:
    assert tasks("---\ndescription: Research-driven comprehensive project planning\n---\nHello.\n") == [P]
    # The work an "approach to ..." names is in its gerunds, not the approach.
    approach = "---\ndescription: Systematic approach to diagnosing failures\n---\nHello.\n"
    assert P not in tasks(approach)


def test_with_no_path_a_document_that_opens_with_its_work_reads_as_a_prompt() -> None:
    sections = "## Constraints\nStay read-only.\n\n## Notes\nNone.\n\n## Output format\nA list.\n\n## Done\n"
    assert reads_as_instructions("# Review assignment\n\nYou are a reviewer.\n\n" + sections)
    # The lead paragraph asks for the work ...
    assert not reads_as_instructions("# Fix CI\n\nFix the failing checks on the branch.\n\n" + sections)
    # ... or the first section names the task, or its goal in a request.
    assert not reads_as_instructions("# Czar\n\nYou are the czar.\n\n## Your mission\nHelp.\n\n" + sections)
    assert not reads_as_instructions("# Review\n\n## Goal\n\nReview the target commit.\n\n" + sections)
    # A goal that says what the project is, or a workflow section first, is standing text.
    assert reads_as_instructions("# Shop\n\n## Goal\n\nA fast shop.\n\n" + sections)
    assert reads_as_instructions("# Shop\n\n## Development workflow\n\nFix bugs first.\n\n" + sections)


def test_an_aside_in_parentheses_takes_no_verb_from_the_lead_in() -> None:
    text = "Review the current changes and:\n\n1. Understand what was modified (files, scope, intent)\n"
    assert tasks(text) == [A]
    # An item that only names a thing still takes the lead-in's verb.
    assert tasks("Review the following:\n\n- the login form\n- the cache\n") == [V, V]


def test_a_heading_that_labels_the_requests_slot_leaves_the_ask_under_it() -> None:
    text = "# Create PRP\n\n## Feature file: $ARGUMENTS\n\nResearch the code and write a plan.\n"
    assert tasks(text) == [P]


def test_a_workflow_item_that_only_names_its_work_leaves_its_sub_items_to_say_it() -> None:
    text = (
        "# New feature\n\n## Process\n\n1. **Codebase Analysis**\n   - Search for similar features\n"
        "   - Identify files to reference\n2. **Test Generation**\n   - Write unit tests for it\n"
    )
    assert tasks(text) == [A, A, T]
    # A title that asks for a plan (a PRP: a product requirement prompt) bounds the workflow: its tests are
    # the plan's content
    assert tasks(text.replace("# New feature", "# Create PRP")) == [A, A, P]


def test_tags_that_name_a_section_give_its_role_and_other_tags_are_markup() -> None:
    text = (
        "# Task\n\nFix the login bug.\n\n<example>\nUser: refactor the parser\n</example>\n\n"
        "<rules>\n- Always add tests for new code.\n- Document public functions.\n</rules>\n\n"
        "<output_format>\n- Write a summary of findings\n</output_format>\n\n"
        "<workflow>\n1. Reproduce the bug\n2. Fix it\n</workflow>\n"
    )
    assert tasks(text) == [A, C]
    steps = decompose(text).steps
    assert "under “workflow”" in steps[0].reasons[-1]
    # "<repository>" in a pasted pom.xml names no section: what follows it is read as before.
    pom = "Update the BOM:\n\n<repository>\n  <id>milestones</id>\n</repository>\n\nAdd a test for it.\n"
    assert tasks(pom) == tasks(pom.replace("<repository>", "").replace("</repository>", ""))


def test_a_review_workflow_runs_checks_as_tests_but_a_named_area_is_no_step() -> None:
    text = (
        "---\ndescription: Review the changed files for convention issues.\n---\n# QA reviewer\n\n"
        "## Workflow\n\n"
    )
    assert tasks(text + "1. Run the test suite\n2. Audit each changed file\n") == [V, T]
    heading = (
        "### Step 1: Type check\n\n```bash\npnpm type-check\n```\n\n### Step 2: Audit\n\nAudit each file.\n"
    )
    assert tasks(text + heading) == [V, T]
    assert tasks(text + "1. Audit each changed file\n2. Unit tests and naming\n") == [V]


def test_a_lead_in_that_lists_what_to_consider_has_no_steps_in_its_list_in_every_language() -> None:
    assert tasks("Analizza ogni file considerando:\n\n- **Testing e testabilità**\n- **Sicurezza**\n") == [A]
    assert tasks("Analiza el código considerando:\n\n- Pruebas unitarias\n- Seguridad\n") == [A]
    assert tasks("Analysiere den Code mit Blick auf, einschließlich:\n\n- Unit-Tests\n- Sicherheit\n") == [A]


def test_a_reviews_checkboxes_are_what_it_checks() -> None:
    review = "# Security review\n\nAudit the payment module.\n\n## Steps\n- Run the test suite\n"
    assert tasks(review + "- [ ] Add tests for auth\n") == [V, T]
    assert tasks(review.replace("- Run the test suite\n", "- [ ] Add tests for auth\n")) == [V]


@pytest.mark.parametrize(
    "lead",
    [
        "Before you open the PR, verify:",
        "Make sure that:",
        "次のチェック項目を確認してください：",
        "提交前请确认：",
    ],
)
@pytest.mark.parametrize("box", ["- [ ] ", "[ ] "])
def test_open_boxes_under_a_lead_in_that_checks_are_what_it_checks(lead: str, box: str) -> None:
    items = ["Add tests for the parser", "Update the README", "ドキュメントを更新した", "代码已经格式化"]
    text = "# Add CSV export\n\n## Steps\n1. Implement the exporter\n\n" + lead + "\n"
    boxes = "".join(box + item + "\n" for item in items)
    found = decompose(text + boxes).steps
    assert found[0].task is C and not [s.text for s in found if text.find(s.text) < 0]
    # the same list under a lead-in that does not check is work to do
    assert tasks(text.replace(lead, "Then:") + boxes) == [C, T, D, D]


@pytest.mark.parametrize(
    "read", ["現在のissue文書を読み込みます。", "读取当前的 issue 文档。", "Read the current issue document."]
)
def test_a_document_read_in_a_workflow_is_no_docs_work_in_every_language(read: str) -> None:
    text = f"# Run the tests\n\n## Steps\n\n1. {read}\n2. Run the test suite.\n"
    assert tasks(text) == [T]  # read before the test run, it prepares the run


def test_a_block_that_opens_with_a_check_or_a_cross_mark_is_no_step() -> None:
    text = (
        "# Add CSV export\n\n## Steps\n1. Implement the exporter\n\n"
        "✅ Always write tests before marking it complete\n\n❌ **Don't:**\n- Refactor the query builder\n\n"
        "### ❌ Wrong: the client edits the price\n\nModify the price on the client.\n"
    )
    assert tasks(text) == [C]


def test_a_kind_of_work_the_description_names_is_not_incidental_in_a_long_workflow() -> None:
    text = (
        "---\ndescription: Run unit tests, diagnose failures, and fix all errors until tests pass\n---\n"
        "1. Execute the test suite\n2. Analyze the failures by examining the stack traces\n"
        "3. Fix the component logic\n4. Update the tests if expectations are wrong\n"
        "5. Fix the timing issues\n6. Re-run the tests\n7. Fix the remaining errors\n8. Run the tests again\n"
        "9. Fix the lint errors\n10. Run the whole test suite\n"
    )
    assert A in tasks(text)


def test_a_workflow_item_keeps_its_work_when_its_sub_items_only_name_defaults_or_files() -> None:
    text = (
        "# Issue workflow\n\n1. Check the issue on Linear\n2. Implement the feature:\n"
        "   - create a branch named after the issue\n   - use the [commit](./commit.md) command\n"
        "3. Run the tests\n"
    )
    assert tasks(text) == [A, C, T]


@pytest.mark.parametrize(
    "heading",
    [
        "Häufige Fehler",
        "Anwendungsfälle",
        "Cas d'usage",
        "Vue d'ensemble",
        "Casos de uso",
        "Criterios de aceitacao",
        "Estrutura de pastas",
        "Errori comuni",
        "使用场景",
        "良い例",
        "사용 사례",
        "Use cases",
        "Usage",
        "使用方法",
        "使い方",
        "사용법",
    ],
)
def test_role_headings_hold_no_steps_in_every_language(heading: str) -> None:
    # Pitfalls, use cases, overviews, criteria and examples are what the work is checked against or
    # illustrated by, not more work.
    steps = "# Parser\n\n## Steps\n\n1. Implement the parser.\n\n"
    assert tasks(f"{steps}### More\n\n1. Add tests for the cache.\n2. Update the docs.\n") == [C, T, D]
    assert tasks(f"{steps}### {heading}\n\n1. Add tests for the cache.\n2. Update the docs.\n") == [C]


def test_a_lead_in_that_only_labels_a_role_holds_no_steps() -> None:
    agent = (
        "---\nname: code-reviewer\ndescription: Reviews code for quality and security.\n---\n"
        "You are a senior code reviewer.\n\nWhen invoked:\n1. Run git diff to see recent changes\n"
        "2. Begin the review\n\nReview checklist:\n- Code is simple and readable\n- Add tests for new code\n"
        "- Fix the naming\n"
    )
    assert tasks(agent) == [V]
    # A lead-in that asks for work still leads steps.
    asks = "# Ship\n\nDo these:\n\n1. Implement the export\n2. Add tests for it\n"
    assert tasks(asks) == [C, T]


def test_a_lint_check_of_the_work_is_testing_and_fixing_lint_is_formatting() -> None:
    steps = "# Fix the login bug\n\n## Steps\n\n1. Implement the fix in `auth.py`\n"
    assert tasks(steps + "2. Ensure code passes linting and type checking\n") == [C, T]
    assert tasks(steps + "2. Make sure the linter is clean\n") == [C, T]
    assert tasks(steps + "2. Run `trunk fmt` to format the code\n") == [C, F]
    assert tasks("# Lint\n\n## Steps\n\n1. Fix the lint errors\n2. Ensure the formatter is clean\n") == [F, F]


def test_a_review_that_goes_on_to_fix_its_findings_asks_for_the_fix() -> None:
    steps = "# Review\n\nReview the PR.\n\n## Steps\n1. Read the diff\n2. Write the review\n"
    assert tasks(steps + "3. Fix the issues you found\n4. Run the tests\n") == [V, C, T]
    # What the review checks is no fix of its own.
    assert tasks(steps + "3. Fix naming where it is unclear\n4. Run the tests\n") == [V, T]


def test_a_description_section_that_says_what_the_command_does_is_its_ask() -> None:
    # "## Description" states the ask as the frontmatter would, in the third person; the numbered coverage
    # under a topic heading is what the audit looks at, so it does not make the ask a mere summary.
    text = (
        "# Security Scan\n\n## Description\nExecutes a comprehensive security audit of the API.\n\n"
        "## Audit Coverage\n1. OWASP review\n2. Database security review\n\n## Output\n- A report\n"
    )
    assert tasks(text) == [V]
    assert tasks("# Parser\n\nGenerates unit tests for the parser.\n\n## Notes\n- Be brief\n") == [T]


def test_what_a_gemini_command_injects_is_content_not_work() -> None:
    # `!{...}` runs a command and `@{...}` reads a file into the prompt: their words ask for nothing.
    text = 'description = "Load context"\nprompt = """\nThe source follows.\n\n'
    text += "!{cat src/app.ts && run the tests}\n"
    assert tasks(text + '\n{{args}}\n"""\n') == []
    assert tasks(text + '\nThen run the tests.\n"""\n') == [T]


def test_a_text_with_no_path_whose_description_says_what_it_does_reads_as_a_prompt() -> None:
    text = (
        "# Security Scan\n\n**Usage:** `/security_scan`\n\n## Description\n"
        "Executes a comprehensive security audit of the API.\n\n## Audit Coverage\n1. OWASP review\n\n"
        "## Output\n- A report\n\n## Example Usage\n`/security_scan`\n"
    )
    assert not reads_as_instructions(text)


def test_a_paragraph_after_a_thematic_break_after_context_is_the_ask() -> None:
    assert tasks("## Background\n\nThe API is slow.\n\n---\n\nProfile the /search endpoint.\n") == [A]


def test_the_lead_names_work_its_workflow_misses() -> None:
    # "Analyze ... to generate ...": the lead's analysis is asked even where the workflow only writes
    text = (
        "---\nmode: edit\n---\n\nAnalyze the parser module to write its implementation guide in "
        "`docs/parser.md`.\n\n## Task\n\n1. Write the guide's overview section\n2. Document its public API\n"
    )
    assert set(tasks(text)) == {A, D}
    # A lead the workflow spells out adds nothing.
    spelled = "Fix the login bug.\n\n## Steps\n\n1. Reproduce it\n2. Fix the handler\n3. Add a test\n"
    assert tasks(spelled) == [A, C, T]


@pytest.mark.parametrize(
    ("description", "expected"),
    [("Architecture Review Command", [V]), ("'Code review mode'", [V]), ("Coverage Command", [T])],
)
def test_a_description_that_names_its_work_before_the_kind_of_file_is_the_ask(
    description: str, expected: list[TaskType]
) -> None:
    assert tasks(f"---\ndescription: {description}\n---\nBe terse.\n") == expected


def test_work_the_lead_asks_for_is_no_incidental_kind_of_a_long_workflow() -> None:
    steps = (
        "## 1. Understand\n- Identify the repro steps.\n- Determine which platforms are affected.\n"
        "- Search for the related classes.\n- Check the platform files.\n- Understand the compilation.\n"
        "## 2. Test\n- Create a test that reproduces the bug before implementing the fix.\n"
        "- Cover the sync and async paths with tests.\n- Add integration tests.\n"
        "## 3. Validate\n- Verify the failing test now passes.\n- Check that existing tests still pass.\n"
    )
    assert C in tasks(f"Fix the bug in the issue.\n\nFollow this workflow:\n\n{steps}")
    # Without the lead's ask, one clause among many is a side remark.
    assert C not in tasks(f"Follow this workflow:\n\n{steps}")


def test_a_step_word_names_a_step_only_with_its_number() -> None:
    checklist = (
        "## Steps\n\n1. Implement the task\n\n## Task Guardian Checklist\n\n- [ ] Marked the task done\n"
    )
    assert tasks(checklist) == [C]  # "Task ..." without a number names a topic: its heading is no step
    phases = "## Phase 1\n\nImplement the parser.\n\n## Phase II: Tests\n\n## Phase three: Documentation\n"
    assert tasks(phases) == [C, T, D]
    grouped = (
        "## Step group 1\n\nPlan it.\nSome context.\n\n## Step group 2\n\nImplement it.\nSome context.\n"
    )
    assert tasks(grouped) == [P, C]  # its number may come later in the heading


def test_a_check_command_listed_in_a_workflow_is_run_and_a_path_is_only_named() -> None:
    text = (
        "---\ndescription: Review the branch before its pull request\n---\n\n## Steps\n\n"
        "1. **Run validation and reviews**:\n\n   Run these concurrently:\n   - `bun run validate`\n"
        "   - the review agents\n"
    )
    assert set(tasks(text)) == {V, T}
    assert T not in tasks(text.replace("`bun run validate`", "`tests/unit/test_api.py`"))


def test_a_one_word_heading_over_no_step_names_a_topic() -> None:
    text = "# Generate the test harness\n\n## Build\n\n```cmake\nadd_executable(TestNull TestNull.cpp)\n```\n"
    assert tasks(text) == [T]
    assert set(tasks(text.replace("## Build", "## Build the harness"))) == {T, C}  # a heading that asks


def test_a_rules_file_the_agent_pulls_in_for_a_task_is_its_prompt() -> None:
    # Cursor's "agent requested" rule (a description, alwaysApply: false, no globs) is the prompt for a task;
    # its description says when, not what.
    body = (
        "You are a tech lead. Your task is to write an implementation plan for the task below.\n\n"
        "### Constraints:\n- Do not include actual code.\n"
    )
    requested = "---\ndescription: WHEN starting a feature\nglobs:\nalwaysApply: false\n---\n" + body
    assert len(sections(requested)) == 1
    assert instruction_tasks(requested) == [P]
    # The same text applied always, or to matching files, is a standing rule.
    assert instruction_tasks(requested.replace("alwaysApply: false", "alwaysApply: true")) == []
    assert instruction_tasks(requested.replace("globs:", "globs: src/**")) == []
    # Windsurf's model-decision rule of standing rules stays quiet: "when writing code" names no work.
    tailwind = (
        "---\ntrigger: model_decision\ndescription: when writing any frontend code\n---\n\n"
        "Always use Tailwind for styling.\n"
    )
    assert instruction_tasks(tailwind) == []


def test_a_lead_sentence_in_the_third_person_says_what_the_file_does() -> None:
    # "Deep analysis framework for X. Produces structured documentation ...": the second sentence's verb in
    # the third person is the request it describes, as the first sentence's would be.
    text = (
        "# Repository Analysis\n\nDeep analysis framework for agent repositories. Produces structured "
        "documentation covering the architecture.\n\n## Notes\n\n- Keep it short\n"
    )
    assert tasks(text) == [D]
