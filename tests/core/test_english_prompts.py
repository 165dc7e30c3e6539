"""English short prompts: verb senses, wishes, postponements, objects that only look like tasks."""

from __future__ import annotations

import pytest

from routesmith.decompose import decompose
from routesmith.model import TaskType

P, A, C, T, R, D, F, V = map(
    TaskType,
    ("planning", "analysis", "coding", "testing", "refactor", "documentation", "formatting", "review"),
)


def tasks(text: str) -> list[TaskType]:
    return [step.task for step in decompose(text).steps]


def test_a_replacement_brings_in_new_code_unless_its_object_is_clean_up() -> None:
    assert tasks("Replace the docs search bar with lunr.js and add a test for the index builder") == [C, T]
    assert tasks("Replace it with argon2id") == [C]
    assert tasks("replace the dead code with a call to the helper") == [R]


def test_a_checklist_is_a_document_not_a_plan() -> None:
    assert tasks("Write a code review checklist for our team's PRs") == [D]
    assert tasks("write a release checklist") == [D]
    assert tasks("write a migration plan") == [P]
    assert tasks("review the issue and prepare a checklist") == [V, P]  # the steps of this work


def test_what_the_user_wants_to_do_with_the_work_is_no_step() -> None:
    assert tasks("propose a plan for moving our redux store to zustand. I want to read it first") == [P]
    assert tasks("Explain how the reconnection logic works? I need to understand it before Friday.") == [A]
    assert tasks("I want to understand why the build fails") == [A]  # no pronoun: the agent is asked
    assert tasks("I want to read the logs and fix the bug") == [A, C]


def test_a_day_to_come_puts_the_work_off_or_names_a_meeting() -> None:
    assert tasks("Fix it and add a Robolectric test. We'll review it together tomorrow.") == [C, T]
    assert tasks("after the review on Thursday, fix the bug") == [C]
    assert tasks("review the diff") == [V]


def test_an_emphatic_do_asks_for_the_verb_after_it() -> None:
    text = "implement dark mode for settings. no need to write tests but do add a line to the changelog"
    assert tasks(text) == [C, D]
    assert tasks("do the RFC") == [P]


def test_a_clause_that_waits_for_the_work_names_it_once() -> None:
    assert tasks("what does `retry_with_jitter` do? once you get it, add a proper docstring") == [A, D]
    assert tasks("after you've done that, run the tests") == [T]
    assert tasks("Once you build it, add tests") == [C, T]  # the work itself, not a reference to it
    assert tasks("when you finish the migration, run the tests") == [C, T]
    assert tasks("When you finish the refactor, update the docs") == [R, D]
    assert tasks("Once you're done with the parser, write docs") == [D]


def test_fixing_what_a_linter_reports_is_formatting() -> None:
    assert tasks("run prettier on src/ and fix whatever eslint complains about") == [F, F]
    assert tasks("fix everything the linter reports") == [F]
    assert tasks("Also fix the markdownlint errors in docs/.") == [F]
    assert tasks("fix the eslint warnings") == [F]
    assert tasks("fix what the tests flag") == [C]  # failing tests point at the code
    assert tasks("fix the compile errors in the parser") == [C]


def test_a_file_format_is_described_not_formatted() -> None:
    text = "write a README for the cli tool — install steps, a couple of usage examples, config file format"
    assert set(tasks(text)) == {D}
    assert tasks("support a new file format") == [C]
    assert tasks("format the config file") == [F]


def test_a_wish_with_a_past_verb_asks_for_the_work() -> None:
    text = "It would be great if someone reviewed the new rate limiting middleware for correctness."
    assert tasks(text) == [V]
    assert tasks("it would be nice if you added tests for the parser") == [T]
    assert tasks("Added tests for the parser.") == []  # a report, not a wish


def test_a_change_that_keeps_the_behaviour_is_refactoring() -> None:
    text = "migrate the settings screen to hooks, keep behaviour identical, and run the jest suite"
    assert tasks(text) == [R, T]
    assert tasks("convert the callbacks to async/await. No functional changes.") == [R]
    assert tasks("migrate the settings screen to hooks") == [C]
    assert tasks("Implement the endpoint with the same behaviour as v1") == [C]  # new code all the same
    assert tasks("Add a cache, then refactor the parser without changing behaviour") == [C, R]


def test_a_check_that_asks_before_any_work_investigates() -> None:
    text = "Check whether we hit the vulnerable code path, upgrade it either way, and run the test suite."
    assert tasks(text) == [A, C, T]
    assert tasks("fix the race and check whether it still happens") == [C, T]  # a check of the fix
    assert tasks("Upgrade xml2js, then check whether the tests pass") == [C, T]


def test_a_run_whose_purpose_checks_the_work_is_a_test() -> None:
    assert tasks("Reorganise the Ansible roles. Run molecule afterwards to check nothing broke.") == [R, T]
    text = "write the migration that adds archived_at, run it against the local db to verify, then format it"
    assert tasks(text) == [C, T, F]
    assert tasks("run the app to see the error") == []  # a look, not a check of the work
    assert tasks("run it") == []
    assert tasks("Commit it and run `git status` to confirm a clean state.") == []  # a command named no test


def test_a_state_waited_for_is_no_step_and_the_request_after_it_is() -> None:
    assert tasks("once it's approved implement them") == [C]  # no comma after the state
    assert tasks("once it's merged deploy it") == [C]
    assert tasks("once it's done, add tests") == [T]


def test_a_comma_before_a_work_and_its_own_verb_starts_a_sentence() -> None:
    text = "Write an RFC, then implement it. Actually, just do the RFC now, implementation comes next week."
    assert set(tasks(text)) == {P}
    assert tasks("Fix the bug, the docs are fine") == [C]
    assert tasks("Add the endpoint, tests would be nice") == [C, T]


def test_the_test_a_reproduction_is_done_with_comes_before_the_fix() -> None:
    # Reproducing with a test is one step: writing that test (as in every language).
    text = "Reproduce it with a hardware-in-the-loop test, find the cause, fix it, and have someone review."
    assert tasks(text) == [T, A, C, V]
    assert tasks("fix the bug and reproduce it with a test") == [C, T]  # written after the fix


def test_a_wish_for_work_done_to_a_thing_asks_for_that_work() -> None:
    text = "I'd like the cart logic extracted out of the components into a hook, and tests would be lovely."
    assert tasks(text) == [R, T]
    assert tasks("I want the parser documented") == [D]
    assert tasks("we need the handlers refactored") == [R]
    assert tasks("I want a button") == [C]


def test_a_question_word_ends_the_object() -> None:
    assert tasks("make a plan how to migrate the forms, and after implement it for the login form") == [P, C]
    assert tasks("add a comment what the flag does") == [D]


def test_an_audit_log_is_a_thing_to_build_not_a_review() -> None:
    # each acceptance item names a deliverable: two things to build and a test, no review
    assert tasks("Acceptance: multi-select, an audit log entry per user, an e2e test for it.") == [C, C, T]
    assert tasks("add an audit trail for logins") == [C]
    assert tasks("audit the logging code") == [V]


def test_chat_shorthand_for_what_do_you_think_asks() -> None:
    assert tasks("wdyt of this approach? a redis lock around the cron job. any races?") == [A]
    assert tasks("thoughts on the new caching layer?") == [A]


def test_a_label_that_asks_for_its_list_keeps_the_first_item() -> None:
    text = "Add an export endpoint. Needs: a design for the job queue first, the impl, and tests for the zip."
    assert tasks(text) == [P, C, T]
    assert tasks("We need: a design for the job queue, tests") == [P, T]
    assert tasks("Context: a design for the job queue exists") == []


def test_a_check_whose_object_is_a_clause_checks_the_work() -> None:
    text = "Add OpenTelemetry tracing to the gateway, check the spans show up in Jaeger, and document it."
    assert tasks(text) == [C, T, D]
    assert tasks("refactor the parser and check the tests still pass") == [R, T]
    assert tasks("check the logs for errors") == [A]  # an object, not a clause
    assert tasks("I want that you check why the report is generating two times every night") == [A]


def test_a_relative_clause_without_that_ends_the_object() -> None:
    assert tasks("redo it and fix the tests you wrote accordingly") == [C, T]
    assert tasks("clean up the code you wrote") == [R]


def test_a_thing_wanted_after_then_is_the_next_step() -> None:
    text = "I want an analysis of the current autovacuum settings and then a plan we can roll out."
    assert tasks(text) == [A, P]
    assert tasks("implement the parser and then tests") == [C, T]


def test_revising_a_plan_said_before_is_planning() -> None:
    assert set(tasks("Write the plan for the sharding, then review it critically, and revise it.")) == {P, V}
    assert tasks("write a plan and implement it") == [P, C]


def test_it_can_stand_for_what_a_context_sentence_is_about() -> None:
    assert tasks("after the refactor you did, the README examples are outdated. update them.") == [D]
    text = "don't touch the tests. the bug is in the implementation of merge_intervals, fix it so they pass"
    assert tasks(text) == [C]  # "implementation" alone names no "implementation plan"


def test_opening_a_pull_request_is_no_review() -> None:
    assert tasks("Fix the bug, then open the PR") == [C]
    assert tasks("Create PR from the branch") == []
    assert tasks("# Create PR From Branch Changes\n\nHello.\n") == []
    assert tasks("Fix the bug, then review the PR") == [C, V]


def test_a_path_or_an_endpoint_in_backticks_names_no_work() -> None:
    background = "Our search service is slow and clients call `/search` a lot. Implement rate limiting."
    assert tasks(background) == [C]
    assert tasks("Clean up `src/review.py` and run `npm test`") == [R, T]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Add CSV export. AC: saved to a file in the user dir, unit tested.", [C, C, T]),
        ("Add a health endpoint. AC: JSON body per dependency, documented in the runbook.", [C, C, D]),
        (
            "Remove the v1 serializers. Definition of done: tests green, CHANGELOG mentions the removal.",
            [R, T, D],
        ),
        ("Add a refund column. Acceptance: a not_null schema test, the docs block updated.", [C, T, D]),
        # an item ruled out is none
        ("Spike: evaluate Dramatiq. Outcome: a written migration plan, no code.", [A, P]),
        ("Add CSV export. AC: unit tested, no docs needed.", [C, T]),
        # guard: a label that asks for nothing lists nothing ("Context:")
        ("Context: tests green, docs updated last week.", []),
    ],
)
def test_each_item_of_a_deliverables_list_asks_for_its_work(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Format the code, then run go vet and the tests.", [F, F, T]),
        (
            "Take a look at the PR, review it, then refactor the mapping code and add the missing tests.",
            [V, V, R, T],
        ),
        ("Lies dir den PR durch, räum dann das Modul auf und schreib die fehlenden Tests.", [V, R, T]),
        # guard: a step said to come first still does
        ("Implement the parser, then add docs and write a failing test first.", [T, C, D]),
    ],
)
def test_clauses_joined_after_then_keep_the_sequence(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


def test_a_search_done_or_a_list_handed_back_is_an_investigation_not_a_feature() -> None:
    assert tasks("perform a targeted search across the repository for the docs") == [A]
    assert tasks("do a quick search for usages of parse_config") == [A]
    assert tasks("provide a list of the affected files") == [A]
    assert tasks("add a search to the settings page") == [C]  # a search built
    assert tasks("build a list view for the orders") == [C]


def test_gathering_context_reads_and_helping_with_work_asks_for_it() -> None:
    assert tasks("Gather the relevant context, then write the implementation.") == [A, C]
    assert tasks("Help resolve the failing checks before deployment.") == [C]
    assert tasks("Define the rollback plan before proceeding.") == [P]
    assert tasks("Define the scope.") == [P]  # its object decides, as for "present" or "prepare"
    assert tasks("Review the diff and address any findings.") == [V, C]


def test_acting_on_review_comments_is_coding_whatever_they_are_on() -> None:
    assert tasks("Address the review comments on the PR.") == [C]
    assert tasks("Review and address all comments on the current branch's PR.") == [V, C]


def test_a_check_run_tests_and_getting_to_know_the_code_reads_it() -> None:
    assert tasks("Add the endpoint. Make sure all tests pass.") == [C, T]  # a step here, no standing rule
    assert tasks("Implement the parser, then run all checks.") == [C, T]
    assert tasks("Run the pre-launch checklist.") == [V]  # a checklist run is a review
    assert tasks("Familiarize yourself with the project, then fix the bug.") == [A, C]
    assert tasks("Scan the repository for TODO comments.") == [A]


def test_looking_for_something_and_weighing_options_read_the_code() -> None:
    assert tasks("Look for dead code and remove it.") == [A, R]
    assert tasks("Weigh the trade-offs.") == [A]
    assert tasks("I'm looking for a rate limiter.") == [C]  # a want, not a search


@pytest.mark.parametrize("command", ["make check", "cargo check", "bun run validate", "just verify"])
def test_the_projects_own_check_script_run_is_a_test_run(command: str) -> None:
    assert tasks(f"Implement the parser, then run `{command}`.") == [C, T]


def test_a_summary_reads_what_it_sums_up_unless_it_lands_in_a_document() -> None:
    assert tasks("Summarize the architecture.") == [A]
    assert tasks("Summarize the PR.") == [A]
    assert tasks("Summarize the changes in the changelog.") == [D]


def test_fix_before_named_defects_is_the_verb_and_follows_the_check() -> None:
    # "fix" is a noun too ("the fix commit"); before the defects it fixes it is the verb, and it works on
    # what the step before it found
    for text, first in (
        ("Read the logs and fix bugs", A),
        ("Run the tests and fix failures", T),
        ("Analyze the CodeRabbit feedback and fix legitimate issues", V),
    ):
        found = decompose(text).steps
        assert [s.task for s in found] == [first, C], text
        assert found[1].depends_on == [found[0].id], text
    assert tasks("Review the fix commit") == [V]  # a compound: no defect after it
    assert tasks("Fix bugs and add tests") == [C, T]


def test_test_code_and_test_files_are_tests() -> None:
    # "test code" is code of tests, as "test suite" is: writing or updating it is test work
    assert tasks("Update test code only, as requested by the user") == [T]
    assert tasks("Update the test files") == [T]
    assert tasks("Refactor the test code") == [R]  # the verb names its own work
