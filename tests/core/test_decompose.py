"""The decomposer on the cases a keyword matcher gets wrong: one test per hard category."""

from __future__ import annotations

import subprocess
import sys

import pytest

from routesmith.decompose import decompose, decompose_span, parse_frontmatter, sections
from routesmith.model import Decomposition, TaskType

P, A, C, T, R, D, F, V = (
    TaskType.PLANNING,
    TaskType.ANALYSIS,
    TaskType.CODING,
    TaskType.TESTING,
    TaskType.REFACTOR,
    TaskType.DOCUMENTATION,
    TaskType.FORMATTING,
    TaskType.REVIEW,
)


def tasks(text: str) -> list[TaskType]:
    return [step.task for step in decompose(text).steps]


def assert_spans(text: str, decomposition: Decomposition) -> None:
    for step in decomposition.steps:
        assert text[step.span[0] : step.span[1]] == step.text
    for excluded in decomposition.excluded:
        assert text[excluded.span[0] : excluded.span[1]] == excluded.text


def test_seed_example_steps_spans_and_dependencies() -> None:
    text = "Plan this feature, implement it, add tests, and write docs"
    result = decompose(text)
    assert [(s.id, s.task, s.text, s.depends_on) for s in result.steps] == [
        (1, P, "Plan this feature", []),
        (2, C, "implement it", [1]),
        (3, T, "add tests", [2]),
        (4, D, "write docs", [2]),  # docs build on the code, not on its tests
    ]
    assert_spans(text, result)


@pytest.mark.parametrize(
    ("text", "expected", "excluded"),
    [
        ("Implement the export button; tests aren't needed", [C], [T]),
        ("Update the API docs, but don't change any code", [D], [C]),
        ("Add retries to the HTTP client without touching the tests", [C], [T]),
        ("Refactor the queue consumer and skip the docs for now", [R], [D]),
        ("Leave the tests alone and refactor the billing module", [R], [T]),
        ("Refactor the service but write no new tests", [R], [T]),
        ("Investigate the mail queue and propose a fix before changing anything", [A, P], []),
        ("No docs needed, just fix the race condition in the scheduler", [C], [D]),
        ("Add the avatar upload endpoint w/o docs or tests, just the code", [C], [D]),
        ("Implement the search filter; skip documentation and review for now", [C], [D, V]),
        ("Integration tests for the cart API, no refactoring", [T], [R]),
        ("Clean up the parser without refactoring the public API", [R], [R]),
        (
            "Review the diff. Things we don't care about here: formatting, test coverage, documentation.",
            [V],
            [F, T, D],
        ),
    ],
)
def test_negation_rules_a_task_out(text: str, expected: list[TaskType], excluded: list[TaskType]) -> None:
    result = decompose(text)
    assert [s.task for s in result.steps] == expected
    assert [e.task for e in result.excluded] == excluded
    assert_spans(text, result)


@pytest.mark.parametrize(
    "text",
    [
        "Create a pricing plan page",
        "Add a product reviews section to the shop",
        "Add a date format picker to user preferences",
        "Set up an A/B test for the checkout button",
        "Build a Docker image for the worker",
        "Add a comments section to the blog post page",
        "Let admins upload a terms document as a PDF",
        "Add a test mode toggle to the payment settings page",
        "Support markdown formatting in chat messages",
        "Add a test-drive booking form to the dealership site",
        "Add a search bar to the docs site navbar",
        "Add a 'Review your order' step to the checkout flow",
        "Create a docs versioning dropdown in the site header",
        "Put a docs link in the footer that points to our API guide",
        'Show a "Tests passed" badge on the build page',
        "Fix the format string bug in the log message for failed uploads",
    ],
)
def test_nouns_that_look_like_tasks_are_features(text: str) -> None:
    assert tasks(text) == [C]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Why is the dashboard query so slow?", [A]),
        ("how does the plugin loader resolve versions when two plugins clash", [A]),
        ("Find out which service leaks file descriptors", [A]),
        ("How should we structure the cache invalidation?", [P]),
        ("Can you add tests for the parser?", [T]),  # a request phrased as a question
        # a question asks even when it mentions something to avoid
        (
            "Which components re-render on each change, and how could I avoid the unnecessary ones?",
            [A],
        ),
        ("Can you check whether our Redis connections are being pooled correctly?", [A]),
        ("is the retry loop in uploader.go actually bounded? if not fix it", [A, C]),
        ("Our CI takes 25 minutes. Look at the pipeline config, suggest what to parallelize", [A, P]),
        ("Why do the checkout tests flake on CI? Fix the root cause.", [A, C]),
        ("Do we log user passwords anywhere?", [A]),
        ("Summarize the code in src/auth and add tests for it", [A, T]),  # a summary of code writes none
    ],
)
def test_questions_and_investigations(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Write failing tests for the tokenizer first, then make them pass", [T, C]),
        ("Document the API before implementing it", [D, C]),
        ("Before refactoring the router, add characterization tests", [T, R]),
        (
            "Implement the importer. Before that, though, write down the file format in docs/import.md.",
            [D, C],
        ),
        ("first lint everything then write the missing tests then open it up for review", [F, T, V]),
        ("Review the PR and fix whatever issues you find", [V, C]),
        # a review that opens the prompt inspects; the work after it acts on what it finds
        ("Audit the dependencies for known vulnerabilities and upgrade the affected ones", [V, C]),
        ("Document the new config flags, but only after reviewing the PR that adds them", [V, D]),
        ("run the full test suite after you're done refactoring the ledger", [R, T]),
        ("do the lint/format pass last, after implementing `Retry-After` header support", [C, F]),
        # an aside in parentheses ends where it closes
        (
            "figure out the memory leak in the worker (heap grows ~50MB/hr), fix it, add a regression test",
            [A, C, T],
        ),
        ("add a --dry-run flag, update the README usage section, and get someone to review it", [C, D, V]),
        # a gerund object carries the task; a scanner run after the change checks it
        ("Run swiftformat on the project only after you finish converting the delegates to async", [R, F]),
        (
            "Harden the S3 bucket policy, run tfsec against the module, and record it in the changelog",
            [C, A, D],
        ),
        ("Flesh out the notifications API and stub the email sender in the tests", [C, T]),
        ("Before you refactor the scheduler, read through it and write down how it works", [A, D, R]),
        ("Format everything with rustfmt after you finish the parser changes", [C, F]),
        ("Do the Spring Boot 3 upgrade, but audit which dependencies are incompatible before that", [V, C]),
        ("Add tests for the upload service, but do that after you extract the S3 logic", [R, T]),
        ("Implement Apple Pay, also add Detox e2e tests and finally update CHANGELOG.md", [C, T, D]),
        ("1) design the schema 2) implement the repository layer 3) add unit tests", [P, C, T]),
        ("Run the formatter after you finish the refactor of the lexer", [R, F]),
        # the user's own actions are context, not steps
        ("The signup form broke after we moved to React 18; find out why and fix it", [A, C]),
        ("sanity-check my terraform plan output before I apply it", [V]),
        ("Extract the pricing logic, add unit tests around it, and have it reviewed", [R, T, V]),
        ("Last step is updating the README; before that, port the build scripts from Make to Just", [R, D]),
        ("Do the code review of the caching PR before you start on the docs for it", [V, D]),
        ("Refresh the OpenAPI spec to match the new endpoints and regenerate the client SDK from it", [D, C]),
        ("Start with a review of the auth module, then harden the weak spots", [V, C]),
        ("Get the PR reviewed, but first add the missing tests", [T, V]),
        ("Do the code review first, then address the comments by refactoring the handler", [V, R]),
        ("Dig into the logs to find out why, fix the race, and add a test that reproduces it", [A, C, T]),
        ("Begin with an architecture sketch for the sync engine, then code the conflict resolver", [P, C]),
        ("Add caching to the price lookup, but benchmark it before you start", [A, C]),
        ("Once the endpoint works, run the formatter over the package", [C, F]),
        ("Before the code is merged, review it", [V]),
        ("Implement the fix, and only after that write the regression test", [C, T]),
        # no explicit order: phases decide
        ("Write the docs, add tests and implement the endpoint", [C, T, D]),
        ("Investigate why login is slow, fix it, and add a benchmark test", [A, C, T]),
    ],
)
def test_explicit_order_wins_over_phase_order(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    "text", ["Implement the plan in PLAN.md", "Execute the migration plan", "Implementa el plan acordado"]
)
def test_carrying_out_a_plan_is_coding(text: str) -> None:
    assert tasks(text) == [C]


def test_a_quoted_request_is_still_a_request() -> None:
    assert tasks('"Plan this feature, implement it, add tests, and write docs"') == [P, C, T, D]


def test_separate_things_of_one_type_are_separate_steps() -> None:
    result = decompose(
        "Plan it. Implement login, implement signup, add tests for login, then add tests for signup."
    )
    assert [s.task for s in result.steps] == [P, C, C, T, T]
    plan, login, signup, first_tests, last = result.steps
    assert login.depends_on == [plan.id] and signup.depends_on == [plan.id]
    # "then": the last tests follow the first ones, which build on both implementations.
    assert first_tests.depends_on == [login.id, signup.id] and last.depends_on == [first_tests.id]


def test_object_lists_split_only_after_a_verb_that_makes_things() -> None:
    assert tasks("Add tests and docs for the cache") == [T, D]
    assert tasks("Create a Jenkins job that builds and publishes the MkDocs documentation") == [C]
    assert tasks("Write pytest cases for the CSV parser, then merge the two duplicated loss functions") == [
        T,
        R,
    ]
    assert tasks("Flag bugs, security issues, and missing tests in the diff") == [V]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Implémente la pagination et écris la documentation", [C, D]),
        ("Escribe pruebas para el servicio de pagos", [T]),
        ("Refaktoriere das Modul und schreibe Tests", [R, T]),
        ("Planeje a migração e depois implemente-a", [P, C]),
        ("## 任务\n1. 分析登录慢的原因\n2. 修复问题\n3. 添加单元测试\n", [A, C, T]),
        ("コードをフォーマットして、READMEを書いてください", [F, D]),
        ("ログイン機能を実装してテストを書いてください", [C, T]),  # a te-form chain of requests
        ("Merci de relire la PR et de formater le code", [V, F]),
        # the head noun comes first in Romance languages, its adjectives after it
        ("Implemente o cadastro de usuários e escreva testes automatizados", [C, T]),
        ("Explique como funciona o cache de sessões e escreva uma página na wiki sobre isso", [A, D]),
        ("Escribe una página en la wiki sobre el caché", [D]),
        ("为什么登录接口在高峰期这么慢？先分析原因，暂时不用改代码。", [A, A]),
        ("Schreib eine README für das CLI-Tool und erkläre die wichtigsten Befehle mit Beispielen.", [D, D]),
        ("Formatiere den Code mit gofmt, aber ändere sonst nichts", [F]),
        ("Plane die Umstellung auf Stripe, implementiere sie und lass den Code reviewen", [P, C, V]),
        # accents left out, enclitic pronouns, adverbs and negating determiners in the object
        ("Ecris des tests pour le parseur CSV", [T]),
        ("Primero escribe las pruebas y despues implementa la validacion", [T, C]),
        ("Planifica la arquitectura del módulo y luego impleméntalo", [P, C]),
        ("Schreibe zuerst die Tests, dann implementiere die Suchfunktion", [T, C]),
        ("Refaktoriere den Zahlungsdienst, aber schreibe keine neuen Tests", [R]),
        # German task lists end in the infinitive
        ("zuerst den Plan für die API-Versionierung schreiben, dann umsetzen", [P, C]),
        ("- Code formatieren\n- Tests schreiben\n- README aktualisieren\n", [F, T, D]),
        ("Kannst du mal schauen, warum der Login so langsam ist?", [A]),
        ("Code formatieren und anschliessend ein Review anfordern", [F, V]),
        ("Behebe den Fehler und füge Tests hinzu", [C, T]),  # a separable verb around its object
        ("Erst einen Plan erstellen, dann die API umsetzen und testen", [P, C, T]),
        ("Primero planifica la migración, luego reescribe el módulo de usuarios", [P, R]),
        ("Planifier la migration vers PostgreSQL 16 avant de l'implementer", [P, C]),
        ("Plane zuerst die Datenbankmigration, dann setze sie um und teste sie", [P, C, T]),
        ("No escribas pruebas, solo implementa el endpoint", [C]),
        ("Ueberpruefe den Code und fuege Tests hinzu", [V, T]),  # umlauts typed as ue, oe, ae
        ("Implementer l'export CSV, puis faire relire le code par l'equipe", [C, V]),
        ("Refactoriser le module puis mettre a jour la documentation", [R, D]),
    ],
)
def test_other_languages(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


def test_a_prompt_file_with_frontmatter_code_template_and_placeholders() -> None:
    text = """---
description: 'Add a feature
mode: agent
---
# Feature: ${input:name}

## Context
The app uses FastAPI. Tests live in tests/.

## Steps
1. Read the existing handlers in `app/api` and summarise how auth works
2. Propose a design and wait for my approval
3. Implement ${input:name}
4. Add tests (unit + integration)
5. Update the docs if the behaviour changes

## Output format
- Summary of changes
- Tests added

```python
def test_example():
    # write tests and docs like this
    pass
```
"""
    result = decompose(text)
    # "summarise how auth works" is an investigation of its own
    assert [s.task for s in result.steps] == [A, A, P, C, T, D]
    design, docs = result.steps[2], result.steps[5]
    assert design.approval_gate and not any(s.approval_gate for s in result.steps if s is not design)
    assert docs.optional and docs.condition == "the behaviour changes"
    assert result.steps[3].text == "Implement ${input:name}"
    assert_spans(text, result)


@pytest.mark.parametrize(
    "text",
    [
        "1) plan the schema\n2) implement it\n3) add tests\n",
        "- [ ] plan the schema\n- [x] set up the repo\n- [ ] implement it\n- [ ] add tests\n",
        "### Step 1: Plan\nSketch the schema.\n\n### Step 2: Implementation\nWrite the code.\n\n"
        "### Step 3: Tests\n",
    ],
)
def test_list_and_heading_styles(text: str) -> None:
    assert tasks(text) == [P, C, T]


def test_a_bug_report_lists_its_reproduction_steps_without_making_them_steps() -> None:
    text = (
        "# Bug: CSV import drops rows\n\nSteps to reproduce:\n1. Upload `rows.csv`\n2. Go to Contacts\n\n"
        "Please find the root cause and fix it. Add a test that uses that fixture."
    )
    assert tasks(text) == [A, C, T]


def test_instruction_files_route_sections_and_skip_standing_rules() -> None:
    text = """# AGENTS.md

## Setup commands
- Install deps: `pnpm install`
- Run tests: `pnpm test`

## Code style
- Always add tests for new code.
- Prefer functional components.

## Workflow (every task)
1. Plan the change
2. Implement it
3. Add tests
"""
    found = sections(text)
    assert [s.title for s in found] == ["Setup commands", "Code style", "Workflow (every task)"]
    routed = [decompose_span(text, s.span, instructions=True) for s in found]
    assert [[step.task for step in r.steps] for r in routed] == [[], [], [P, C, T]]
    workflow = routed[2]
    assert [s.id for s in decompose_span(text, found[2].span, first_id=7, instructions=True).steps] == [
        7,
        8,
        9,
    ]
    assert_spans(text, workflow)


@pytest.mark.parametrize(
    ("workflow", "expected"),
    [
        ("## Workflow\n1. Plan the change\n2. Implement it\n3. Add tests\n", []),
        ("## Development process\n1. Plan the change\n2. Implement it\n3. Add tests\n", []),
        ("## Workflow\nFor every task, follow these steps:\n1. Plan the change\n2. Implement it\n", [P, C]),
        ("## Workflow\nWe plan before coding.\n\nFor every task:\n1. Plan the change\n2. Implement it\n", []),
        ("## Arbeitsablauf für jede Aufgabe\n1. Plane die Änderung\n2. Implementiere sie\n", [P, C]),
        ("## Before every session\n- Always add tests for new code.\n", []),
    ],
)
def test_an_instruction_files_procedure_is_work_only_where_it_applies_every_time(
    workflow: str, expected: list[TaskType]
) -> None:
    # How the project works ("## Workflow" / "1. Plan 2. Implement") is context for the agent, not a route
    # for every request, unless the file says the procedure applies to every task.
    text = "# AGENTS.md\n\n## Code style\n- Prefer functional components.\n\n" + workflow
    found = sections(text)
    routed = [step.task for s in found for step in decompose_span(text, s.span, instructions=True).steps]
    assert routed == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Beef up the unit tests for the money formatting helpers", [T]),
        ("Iron out the off-by-one in the pagination helper and add a regression test", [C, T]),
        ("Knock together a CLI command that prunes stale branches, then write unit tests for it", [C, T]),
        ("Rough out a plan for moving sessions to Redis, then do the migration", [P, C]),
        ("Take a look at the memory usage of the indexer and trim it down", [A, C]),
        ("Reserve space using aspect ratios and debounce the resize handler", [C, C]),
        ("Add a FHIR export endpoint, tests for the mapping, and an entry in the changelog", [C, T, D]),
        ("Write an ERC-20 vesting contract and add NatSpec comments", [C, D]),
        ("Write a hook for debounced search, add tests, and document usage in Storybook", [C, T, D]),
        ("Rate-limit the login route and security-review the flow", [C, V]),
        ("Refactor the search indexer and refresh its docstrings, leaving the tests untouched", [R, D]),
        ("Carve the auth middleware into smaller pieces and spell out the new flow in the wiki", [R, D]),
        ("Hunt down the N+1 queries, batch them with select_related, and add a query-count test", [A, C, T]),
        ("Could you fix that, and while you're at it add a test for it?", [C, T]),
        ("refactor -> test -> ship", [R, T, C]),
        ("plan → implement → test", [P, C, T]),
        ("Add the x => y mapping to the config loader", [C]),  # an arrow between nouns splits nothing
        ("Run `gofmt -w .` and `go vet ./...`", [F, F]),  # a linter named in a command
        ("Audit where we still call `.dict()`, then migrate those call sites", [A, C]),  # a search
        ("Move the install steps into the README", [D]),
        ("Harden the upload endpoint, then have someone look at it before we merge.", [C, V]),
        (
            "Before anything else, write down a migration plan. Once that's in, write the import script.",
            [P, C],
        ),
        ("Inventory the existing cron jobs and port them to Airflow DAGs", [A, R]),
        ("Add the missing index, then benchmark it against the old version.", [C, T]),  # checks the change
        ("Write a README for the CLI and explain the main commands with examples", [D, D]),
        ("You are reviewing PR #${input:pr}. Never push commits.", [V]),
        ("This module needs to be refactored and covered by tests.", [R, T]),
        ("Please add a section about `~/.toolrc` to the README", [D]),
        ("Dig through the logs and confirm the failover caused the miss storm", [A, A]),  # a check
        ("Fix the bug and verify it works", [C, T]),
        ("Restructure the admin guide so that configuration comes first", [D]),
        ("Add screenshots of the new billing dashboard to the user guide", [D]),
        ("Proofread the installation guide and fix the typos", [V, D]),
        ("Add liveness probes, then get someone from the platform team to review it", [C, V]),
        ("Please can you make the refactoring of the payment module and after write the tests", [R, T]),
        ("I need that you explain me how works the cache invalidation", [A]),
    ],
)
def test_phrasal_verbs_and_shorthand(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


def test_typos_and_chat_style() -> None:
    assert tasks("pls implment the password strength meter and add som tests") == [C, T]
    # An English word one letter from another language's verb is no typo of it ("proper": "propor").
    assert tasks("Proper error handling") == []
    assert tasks("Check the projects for proper error handling") == [A]
    # A smaller lexicon borrows a neighbour's spelling: Rioplatense "mostrá" (Italian "mostra").
    assert tasks("Mostrá el puntaje promedio en cada tarjeta de producto") == [C]


def test_the_typo_index_keeps_only_verbs_not_the_whole_lexicon_decoded() -> None:
    # A fresh process: the index of verbs one typo away is built from the packed lexicon one token at a
    # time, so a server holding it does not also hold every entry of every language as objects (~9 MiB).
    code = (
        "from routesmith.decompose.lexicon import LEXICON\n"
        "assert LEXICON.fuzzy_verb('implment', 'en').tokens == ('implement',)\n"
        "print(len(LEXICON.index), len(LEXICON._packed.tokens) if LEXICON._packed else 0)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    decoded, packed = map(int, out.split())
    assert packed == 0 or decoded < packed // 10


def test_spans_survive_emoji_and_cjk_before_steps() -> None:
    text = "📦 新功能: Plan the export feature, implement it, add tests and write docs"
    result = decompose(text)
    assert [s.task for s in result.steps] == [P, C, T, D]
    assert_spans(text, result)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t",
        "The CSV exporter drops unicode characters.",
        "```\nadd tests\n```",
        "The CLI has been moved to its own repository.",
        "When you are done, move on to the next one.",
    ],
)
def test_text_without_work_has_no_steps(text: str) -> None:
    assert decompose(text).steps == []


def test_frontmatter_keys_have_positions_and_malformed_blocks_say_why() -> None:
    text = '---\ndescription: "Ship it"\nmodel: claude-sonnet-4-6  # pinned\n---\nImplement it\n'
    front = parse_frontmatter(text)
    assert front is not None and front.error is None
    model = front.get("model")
    assert model is not None and model.value == "claude-sonnet-4-6" and model.line == 2
    assert text[model.value_span[0] : model.value_span[1]] == "claude-sonnet-4-6"
    assert front.get("description").value == "Ship it"  # type: ignore[union-attr]
    assert text[front.body_start :] == "Implement it\n"

    broken = parse_frontmatter("---\nmodel: opus\nthis is not yaml\n\nPlan the work\n")
    assert broken is not None and broken.error is not None and "closing ---" in broken.error
    assert parse_frontmatter("no frontmatter here") is None
    assert tasks("---\nmodel: opus\nthis is not yaml\n\nPlan the work\n") == [P]


def test_decomposition_is_deterministic() -> None:
    text = "Investigate the crash, then refactor the parser, add tests and update the changelog"
    assert decompose(text) == decompose(text)


def test_a_goal_sums_up_and_its_list_spells_the_work_out() -> None:
    text = (
        "## Goal\nSupport Hindi transliteration in search.\n\n1. Review the current analyzer chain\n"
        "2. Implement the new filter\n3. Add relevance tests\n"
    )
    assert tasks(text) == [V, C, T]


def test_guideline_bullets_under_topic_headings_are_no_steps() -> None:
    text = """# MSTest best practices

Your goal is to help me write effective unit tests with MSTest.

## Test Structure
- Use `[TestClass]` for test classes
- Name tests using the pattern `Method_Scenario_Expected`

## Documentation
- Write docstrings for public helpers

## Steps
1. Add tests for the parser
2. Update the README
"""
    assert tasks(text) == [T, D]  # the numbered procedure spells out the goal sentence
    # Without topic headings the same bullets are the request itself.
    assert tasks("- Add tests for the parser\n- Write docstrings for public helpers\n") == [T, D]


def test_a_list_that_elaborates_its_lead_in_is_no_list_of_steps() -> None:
    text = (
        "Generate a complete OpenAPI spec including:\n1. Path definitions\n2. Response schemas with tests\n"
    )
    assert tasks(text) == [D]
    assert tasks("Review PR 12.\n\nCheck for:\n1. Missing tests\n2. Missing docs for public APIs\n") == [V, A]
    assert tasks("Break the work into tickets. Consider:\n1. saved cards\n2. the order review step\n") == [P]
    assert tasks("Do the following:\n1. Plan the schema\n2. Implement it\n") == [P, C]


def test_sub_bullets_of_a_step_spell_it_out() -> None:
    text = """## Steps
1. Write an implementation plan with:
   - Testing strategy
   - Risks
2. Implement the endpoint for ${input:feature}.
   - Put the handler in its own file.
   - Keep it under 200 lines; split larger ones.
3. Add tests under `test/routes/`.
"""
    assert tasks(text) == [P, C, T]
    # Under an item that names no work, or one that leads its sub-list, the sub-bullets are the steps.
    assert tasks("1. Backend\n   - implement the API\n   - add tests\n2. Update the docs\n") == [C, T, D]
    assert tasks("- Do the following:\n  - plan the schema\n  - implement it\n") == [P, C]


def test_the_answer_and_approval_gates_are_no_steps() -> None:
    text = "Fix the parser.\n\nReport back with a summary of the root cause.\n"
    assert tasks(text) == [C]
    gated = decompose("Add the flag. Stop and ask me before changing any other command.")
    assert [(s.task, s.approval_gate) for s in gated.steps] == [(C, True)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tests", [T]),
        ("unit tests?", [T]),
        ("The review widget on product pages should show the reviewer's avatar next to their name", [C]),
        ("The README should mention the new --dry-run flag", [D]),
    ],
)
def test_a_prompt_that_names_no_step_can_still_ask_for_one(text: str, expected: list[TaskType]) -> None:
    result = decompose(text)
    assert [s.task for s in result.steps] == expected
    assert "names no step" in result.steps[0].reasons[0]
    assert_spans(text, result)


def test_an_issue_body_routes_its_request_not_its_template_sections() -> None:
    issue = """### Describe the bug
The `--dry-run` flag still writes files.

### Steps to reproduce
1. Write any file into `./data`
2. Run `tool sync --dry-run ./data`

### Environment
v2.3.1, Chrome 122

Could you look into why this happens? No fix needed yet.
"""
    assert tasks(issue) == [A]
    assert tasks("### Environment\nv2.3.1\n\n@claude can you fix this?") == [C]
    # A requirement stated in prose is the request when nothing else is.
    feature = "**Good first issue** 🌱\n\nThe `/health` endpoint should report the database status.\n\n"
    assert tasks(feature + "## Acceptance criteria\n- Returns 503 when the database is down\n") == [C]
    assert tasks("The feature is implemented and tested.") == []  # a report, not a request


def test_other_peoples_actions_are_context() -> None:
    assert tasks("We should write an ADR for event sourcing before anyone starts coding it.") == [D]


def test_a_paragraph_that_names_the_work_of_the_list_after_it_sums_it_up() -> None:
    text = (
        "Fix issue #$ARGUMENTS.\n\n1. Find the root cause\n2. Write a regression test\n3. Implement the fix\n"
    )
    assert tasks(text) == [A, T, C]  # the fix comes where the list puts it
    assert tasks("Implement the feature.\n\n1. Plan it\n2. Write tests\n") == [P, C, T]  # names other work


def test_a_wish_asks_for_the_work_it_names() -> None:
    assert tasks("Add OAuth login. Tests would be nice.") == [C, T]
    assert tasks("Add OAuth login; docs would be great too.") == [C, D]
    assert tasks("it would be nice to have a short section about it in the docs") == [D]
    assert tasks("Add OAuth login. Tests aren't needed.") == [C]  # a negated wish is no step
    assert tasks("Node 18 is required.") == []  # a requirement on the set-up, not work
    assert tasks("The login is needed for the demo. Fix the crash.") == [C]


def test_a_line_about_it_in_a_document_is_docs_work() -> None:
    text = "add a confusion matrix plot to the eval script and a line about it in the README"
    assert tasks(text) == [C, D]
    assert tasks("add a line about it to the README") == [D]


def test_a_check_asked_in_a_request_question_runs_the_check() -> None:
    assert tasks("Can you restructure the monorepo, make sure tsc and the tests pass?") == [R, T]
    assert tasks("can you check whether they are pooled?") == [A]  # the check asks a question
    assert tasks("Add type hints to the loader and run mypy to make sure it's clean") == [C, T]


def test_a_threat_model_is_planning() -> None:
    assert tasks("Write a threat model for the upload feature, then implement the mitigations") == [P, C]


def test_two_names_of_one_work_inside_an_object_are_not_a_second_step() -> None:
    assert tasks("Add a Makefile target for running the linter and formatter") == [C]
    assert tasks("Implement the exporter and docs") == [C, D]  # a second object names other work


def test_comments_added_to_code_are_docs_work() -> None:
    assert tasks("Explain how the scheduler orders systems, and add comments to the tricky parts") == [A, D]
    assert tasks("add a comment thread to each PR page") == [C]


def test_taking_a_look_over_changes_reviews_them() -> None:
    assert tasks("Could you take a look over my changes to the Terraform modules?") == [V]


def test_a_noun_joined_inside_a_purpose_clause_is_no_step() -> None:
    text = "Create a docs version toggle so readers can switch between the v1 and v2 docs on the site"
    assert tasks(text) == [C]
    assert tasks("Refactor the loader so it is testable and add tests") == [R, T]


def test_writing_up_what_you_found_is_the_answer() -> None:
    assert set(tasks("Find why the build crashes on iOS and write up what you found")) == {A}
    assert tasks("write up the incident in the wiki") == [D]


def test_what_a_subject_needs_is_asked_for() -> None:
    assert tasks("the README needs updating after the CLI flag renames") == [D]
    assert tasks("the README needs to be updated") == [D]
    assert tasks("this function could use some tests") == [T]
    assert tasks("the parser needs fixing") == [C]
    assert tasks("The formatting toolbar in the editor needs a strikethrough button.") == [C]
    assert tasks("The docs for the CLI need updating") == [D]
    assert tasks("the tool needs Node 18") == []  # a thing no work makes


def test_writing_a_design_doc_plans_and_updating_one_documents() -> None:
    assert tasks("Write a design doc for moving our cron jobs to Temporal.") == [P]
    assert tasks("Update the design doc before you implement the new cache") == [D, C]


def test_a_tool_run_to_check_the_work_is_a_test() -> None:
    text = "delete the dead code, then run the linter to make sure nothing is flagged"
    assert tasks(text) == [R, T]
    assert tasks("run the linter") == [F]  # no purpose: the lint run is the work


def test_trying_an_approach_carries_it_out() -> None:
    assert tasks("nah revert that and try the other approach") == [C, C]


def test_a_section_joined_to_other_work_lands_in_its_document() -> None:
    assert tasks("add XCTest unit tests and a section in the README") == [T, D]


def test_chat_shorthand_names_work() -> None:
    assert tasks("refac the helpers") == [R]
    assert tasks("fix the broken cross-links") == [D]
    assert tasks("Add the endpoint. Some tests would be lovely.") == [C, T]


def test_a_user_story_and_a_wanted_thing_ask_for_work() -> None:
    assert tasks("As a user I want to export my reading list as CSV so I can move to another app.") == [C]
    assert tasks("I want an analysis of the current autovacuum settings.") == [A]
    assert tasks("I want tests") == [T]


def test_a_second_object_with_a_purpose_after_it_is_a_step() -> None:
    assert tasks("Update the chart and the ops docs to match.") == [C, D]


def test_tracking_down_and_working_out_which_investigate() -> None:
    assert tasks("Track it down and fix it") == [A, C]
    assert tasks("Work out which field it is and patch the manifest") == [A, C]


def test_a_check_run_past_joined_objects_is_a_test() -> None:
    assert tasks("add retry to the s3 uploader then run the linter + unit tests to verify") == [C, T, T]
    assert tasks("run the linter, then refactor the parser to make sure it is readable") == [F, R]


def test_a_leading_time_phrase_keeps_the_request() -> None:
    assert tasks("for now implement the CSV export") == [C]
    assert tasks("For the moment implement the export") == [C]


def test_past_actions_in_context_are_no_steps() -> None:
    assert tasks("Your last change renamed the env var. Update the chart.") == [C]
    assert tasks("The last deploy broke the site. Fix it.") == [C]
    assert tasks("the listener got created twice because of a count bug.") == []
    assert tasks("after the refactor you did, add docs") == [D]
    assert tasks("Extract the pricing logic and get it reviewed") == [R, V]


def test_an_english_word_that_ends_a_clause_is_no_german_verb() -> None:
    assert tasks("refactor the mess") == [R]  # "the" opens "the team" (a subject) but is none here


def test_summarising_what_you_found_is_the_investigation() -> None:
    text = "Summarise what you found about the memory spike in the worker, no need to change anything yet."
    assert tasks(text) == [A]


def test_what_a_user_story_wants_is_a_feature() -> None:
    assert tasks("As a player I want my settings (volume, keybinds) to persist between sessions.") == [C]
    assert tasks("As an admin I want to bulk-deactivate users from the table view.") == [C]
    assert tasks("Story: as a support agent I want to see orders in the sidebar.") == [C]
    assert tasks("As a senior engineer, review this PR") == [V]  # a role, then a request


def test_a_check_of_the_code_writes_no_code() -> None:
    assert tasks("make sure the code compiles") == [T]
    assert tasks("make sure it passes the linter") == [F]


def test_perform_conduct_and_orchestrate_take_their_task_from_their_object() -> None:
    assert tasks("Perform a code review of the diff.") == [TaskType.REVIEW]
    assert tasks("Conduct a thorough investigation of the outage") == [TaskType.ANALYSIS]
    assert tasks("Perform the migration") == [TaskType.CODING]
    assert tasks("Orchestrate a full review of the current diff") == [TaskType.REVIEW]


def test_being_tasked_with_work_asks_for_it() -> None:
    assert tasks("You are tasked with conducting a thorough security audit of the codebase.") == [V]
    assert tasks("You have been tasked with refactoring the auth module.") == [R]


def test_splitting_changes_into_commits_is_version_control_not_a_refactor() -> None:
    text = "Commit the changes; if they touch several concerns, split them into separate commits."
    assert tasks(text) == []
    assert tasks("Split the service into two modules") == [TaskType.REFACTOR]


def test_running_a_checklist_checks_and_writing_one_plans() -> None:
    assert tasks("Run through the pre-launch checklist, then fix what fails") == [TaskType.REVIEW, C]
    assert tasks("Write a checklist for the release") == [P]


def test_restating_the_request_is_no_work_and_no_typo_of_retest() -> None:
    assert tasks("Restate the requirements in your own words") == []
    assert tasks("Restate the goal, then retest the parser.") == [T]


@pytest.mark.parametrize(
    "sentence",
    ["Implement the export and add tests for it. ", "原因を調べて修正し、テストを追加してください。"],
)
def test_a_paragraph_longer_than_a_piece_reads_like_its_sentences(sentence: str) -> None:
    from routesmith.decompose import _PIECE

    # One paragraph, no line break, over two pieces long: each piece ends at a sentence end, so every
    # sentence gives what it gives alone, at its own place in the text.
    count = 2 * _PIECE // len(sentence) + 3
    text = sentence * count
    alone = decompose(sentence).steps
    steps = decompose(text).steps
    assert len(steps) == count * len(alone)
    spans = sorted(step.span for step in steps)
    expected = sorted(
        (k * len(sentence) + step.span[0], k * len(sentence) + step.span[1])
        for k in range(count)
        for step in alone
    )
    assert spans == expected
    assert all(text[s.span[0] : s.span[1]] == s.text for s in steps)


def test_a_run_with_no_sentence_end_is_cut_where_a_piece_ends() -> None:
    from routesmith.decompose import _PIECE

    text = "インデントと" * (3 * _PIECE // 6) + "統一してください"
    steps = decompose(text).steps
    # each piece is one formatting step (the verb after the last cut stands alone): no step spans more
    assert [s.task for s in steps].count(TaskType.FORMATTING) == 3
    assert max(s.span[1] - s.span[0] for s in steps) <= _PIECE
    assert all(text[s.span[0] : s.span[1]] == s.text for s in steps)


@pytest.mark.parametrize("word", ["Before", "after", "Antes", "Avant"])
def test_an_order_word_alone_is_no_step(word: str) -> None:
    """An order word that ends the text ("Before", typed as a prompt's first word) has no comma after it to
    read (it raised IndexError)."""
    assert decompose(word).steps == []
    assert tasks(f"{word}, add tests") == [T]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Please use the `gh` CLI to review the PR I asked about.", [V]),
        ("Use the test runner to run the tests.", [T]),
        ("Use subagents to analyze the codebase, then fix the bug.", [A, C]),
        ("Use TypeScript.", []),  # a tool with no work after it
        ("Use pytest to keep the suite green.", []),  # a purpose, not work
    ],
)
def test_a_tool_used_to_do_work_asks_for_the_work(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


def test_a_tool_used_to_do_work_in_an_instruction_file_is_a_standing_rule() -> None:
    text = "Use uv to run the tests.\n"
    assert [s.task for s in decompose_span(text, (0, len(text)), instructions=True).steps] == []


@pytest.mark.parametrize(
    "text",
    [
        "Write a PRD for the bulk export feature.",
        "Create a product requirements document for the idea.",
        "Write a PRP for this feature.",
        "Create issue drafts from the roadmap.",
        "Write user stories with acceptance criteria.",
    ],
)
def test_requirements_stories_and_issue_drafts_written_before_the_work_are_planning(text: str) -> None:
    assert tasks(text) == [P]
