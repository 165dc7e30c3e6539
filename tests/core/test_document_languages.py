"""Documents in every language the decomposer claims read as the same document in English does: the
structure (headings, list items that only name things, verbs that read) carries across languages."""

from __future__ import annotations

import pytest

from routesmith.decompose import decompose, reads_as_instructions
from routesmith.model import TaskType

A, C, D, P = TaskType.ANALYSIS, TaskType.CODING, TaskType.DOCUMENTATION, TaskType.PLANNING
F, T = TaskType.FORMATTING, TaskType.TESTING


def tasks(text: str) -> list[TaskType]:
    return [step.task for step in decompose(text).steps]


@pytest.mark.parametrize(
    ("heading", "named", "spelled_out", "then"),
    [
        ("Steps", "**Changelog** (`CHANGELOG.md`)", "Understand the recent changes", "Implement the feature"),
        ("步骤", "**变更日志** (`CHANGELOG.md`)", "了解最近的改动", "实现这个功能"),
        ("步骤", "**需求文档** (`docs/requirements.md`)", "理解业务规则", "实现这个功能"),
        ("手順", "**変更履歴** (`CHANGELOG.md`)", "最近の変更を把握する", "機能を実装する"),
        ("手順", "**要件定義書** (`docs/requirements.md`)", "業務ルールを理解する", "機能を実装する"),
        ("절차", "**변경 로그** (`CHANGELOG.md`)", "최근 변경 사항을 파악", "기능을 구현해 주세요"),
    ],
)
def test_a_list_item_that_only_names_a_document_is_no_docs_work(
    heading: str, named: str, spelled_out: str, then: str
) -> None:
    # A CJK noun with no verb beside it names a thing, as an English noun phrase does: the sub-item says
    # what to do with it (read it), and no docs work is asked.
    text = f"# dev-start\n\n## {heading}\n\n1. {named}\n   - {spelled_out}\n2. {then}\n"
    assert tasks(text) == [A, C]


@pytest.mark.parametrize("noun_verb", ["機能を実装する", "测试用例补上", "기능을 구현"])
def test_a_cjk_item_with_a_verb_still_asks_for_work(noun_verb: str) -> None:
    # "実装" is a noun too; with its object it implements.
    assert tasks(f"# dev-start\n\n## Steps\n\n1. {noun_verb}\n") != []


@pytest.mark.parametrize(
    "heading",
    ["分层依赖规则", "核心原则", "开发注意事项", "開発ルール", "コーディング規約（厳守）", "프로젝트 규칙"],
)
def test_a_cjk_heading_ending_in_a_role_word_has_that_role(heading: str) -> None:
    # The head of a CJK compound comes last: "分层依赖规则" (layering rules) is rules, whatever precedes.
    text = (
        f"# Add CSV export\n\n## Steps\n1. Implement the exporter\n\n## {heading}\n- 更新文档\n- 添加测试\n"
    )
    assert tasks(text) == [C]


@pytest.mark.parametrize(
    "summarize",
    [
        "Summarize the README.",
        "Résume le README.",
        "Fasse die README zusammen.",
        "Resume el README.",
        "Resuma o README.",
        "Riassumi il README.",
        "请总结 README。",
        "请总结这篇设计文档。",
        "README を要約してください。",
        "設計ドキュメントを要約してください。",
        "README를 요약해 주세요.",
    ],
)
def test_a_summary_of_a_document_in_a_workflow_is_an_investigation(summarize: str) -> None:
    # A summary is written from what is read: the document is looked into, not written.
    text = f"# Add CSV export\n\n## Steps\n\n1. {summarize}\n2. Implement the exporter.\n"
    assert tasks(text) == [A, C]


@pytest.mark.parametrize("update", ["Update the README.", "README を更新してください。", "请更新 README。"])
def test_a_document_written_in_a_workflow_is_still_docs_work(update: str) -> None:
    text = f"# Add CSV export\n\n## Steps\n\n1. {update}\n2. Implement the exporter.\n"
    assert tasks(text) == [D, C]


@pytest.mark.parametrize(
    "read",
    [
        "Read the document.",
        "Lies das Dokument.",
        "Lee el documento.",
        "Leia o documento.",
        "Leggi il documento.",
    ],
)
def test_reading_is_an_investigation_in_every_language(read: str) -> None:
    assert tasks(f"- {read}") == [A]


@pytest.mark.parametrize(
    "summarize",
    ["Résume ce document.", "Fasse das Dokument zusammen.", "Resume el documento.", "Riassumi il documento."],
)
def test_a_summary_asked_in_a_european_language_is_analysis(summarize: str) -> None:
    assert tasks(summarize) == [A]


@pytest.mark.parametrize(
    ("title", "read"),
    [
        ("Instructions for AI agents", "Read @README.md for the project overview."),
        ("Instructions pour les agents IA", "Lis @README.md pour la vue d'ensemble du projet."),
        (
            "Instrucciones para agentes de IA",
            "Lee @README.md para conocer la descripción general del proyecto.",
        ),
        ("Instruções para agentes de IA", "Leia @README.md para a visão geral do projeto."),
        ("Istruzioni per gli agenti IA", "Leggi @README.md per la panoramica del progetto."),
        ("Anweisungen für KI-Agenten", "Lies @README.md für den Überblick über das Projekt."),
        ("AI 代理指南", "阅读 @README.md 了解项目概况。"),
        ("エージェント向けの指示", "プロジェクトの概要は @README.md を読んでください。"),
        ("AI 에이전트 지침", "프로젝트 개요는 @README.md를 읽어 주세요."),
    ],
)
def test_a_title_naming_instructions_for_agents_reads_as_an_instruction_file(title: str, read: str) -> None:
    # From stdin (no path to say what it is): the title says these are standing instructions, so the
    # reading it asks for is part of every session, not a task.
    body = f"{read}\n\n## Style\n\n- Single quotes.\n- ES modules.\n"
    assert reads_as_instructions(f"# {title}\n\n{body}")
    assert not reads_as_instructions(f"# Add CSV export\n\n{body}")


@pytest.mark.parametrize(
    ("task", "next_steps"),
    [
        ("Your task", "Next steps"),
        ("Deine Aufgabe", "Nächste Schritte"),
        ("Ta tâche", "Prochaines étapes"),
        ("Tu tarea", "Próximos pasos"),
        ("Sua tarefa", "Próximos passos"),
        ("Il tuo compito", "Prossimi passi"),
        ("你的任务", "执行步骤"),
        ("あなたのタスク", "進め方"),
        ("할 일", "진행 방법"),
    ],
)
def test_headings_that_give_the_task_keep_a_document_a_prompt(task: str, next_steps: str) -> None:
    # Three sections of context, then two that say what to do: a prompt with background, not standing rules.
    context = "# Export\n\n## Overview\n\nInvoices.\n\n## Stack\n\nGo.\n\n## Conventions\n\n- Tabs.\n"
    assert not reads_as_instructions(f"{context}\n## {task}\n\nx\n\n## {next_steps}\n\ny\n")


def test_a_german_infinitive_reads_and_a_wish_to_read_is_the_users_own() -> None:
    # German instructions use the infinitive as the imperative ("Diese Datei lesen"); after "ich" the same
    # verb is what the user will do ("Ich will den erst selbst lesen"), as "I want to read it first".
    assert tasks("1. Diese Datei lesen.\n2. Den Bug beheben.\n") == [A, C]
    assert tasks("Schreib einen Entwurf für die Migration. Ich will den erst selbst lesen.") == [P]


@pytest.mark.parametrize(
    ("ask", "lead", "item"),
    [
        ("Fix the login bug.", "Rules:", "Delete dead code."),
        ("Corrige le bug de connexion.", "Règles :", "Supprime le code mort."),
        ("Behebe den Login-Bug.", "Regeln:", "Entferne toten Code."),
        ("Arregla el bug del login.", "Reglas:", "Elimina el código muerto."),
        ("Corrija o bug do login.", "Regras:", "Remova o código morto."),
        ("Correggi il bug del login.", "Regole:", "Rimuovi il codice morto."),
        ("修复登录错误。", "规则：", "删除无用代码。"),
        ("ログインのバグを直してください。", "ルール：", "不要なコードは削除する。"),
        ("로그인 버그를 고쳐 주세요.", "규칙:", "죽은 코드는 삭제한다."),
        ("Fix the login bug.", "Output format:", "Write the summary first."),
        ("修复登录错误。", "输出格式：", "先写总结。"),
        ("ログインのバグを直してください。", "出力形式：", "最初に要約を書く。"),
        ("Corrige le bug de connexion.", "Format de sortie :", "Écris d'abord le résumé."),
    ],
)
def test_a_lead_in_naming_rules_or_a_template_introduces_no_steps(ask: str, lead: str, item: str) -> None:
    # "Rules:" and "Output format:" label what follows, in every language, even in a prompt of a few lines.
    assert tasks(f"{ask}\n\n{lead}\n- {item}\n") == [C]


@pytest.mark.parametrize(
    ("ask", "label", "item"),
    [
        ("Fix the login bug.", "Rules (always follow)", "Delete dead code."),
        ("Corrige le bug de connexion.", "Règles (à respecter)", "Supprime le code mort."),
        ("Behebe den Login-Bug.", "Regeln (immer einhalten)", "Entferne toten Code."),
        ("修复登录错误。", "压缩规则（必须遵守）", "删除无用代码。"),
        ("ログインのバグを直してください。", "圧縮ルール（必ず守る）", "不要なコードは削除する。"),
        ("ログインのバグを直してください。", "出力スタイル", "不要なコードは削除する。"),
        ("로그인 버그를 고쳐 주세요.", "코딩 규칙 (반드시 지킬 것)", "죽은 코드는 삭제한다."),
    ],
)
def test_a_role_label_on_a_line_of_its_own_gives_its_list_that_role(ask: str, label: str, item: str) -> None:
    # No "#" and no colon: a short line that is a role heading ("圧縮ルール（必ず守る）", the head noun before
    # the brackets) labels the list right under it, as a heading would.
    text = f"{ask}\n\nContext: the app is old.\nIt has many users.\n\n{label}\n- {item}\n- {item}\n"
    assert tasks(text) == [C]


@pytest.mark.parametrize(
    "summarize", ["请总结一下这篇文档。", "この文書を要約してください。", "이 문서를 요약해 주세요."]
)
def test_a_summary_asked_in_chinese_japanese_or_korean_is_analysis(summarize: str) -> None:
    assert tasks(summarize) == [A]


@pytest.mark.parametrize(
    "heading", ["Responsibilities", "主要职责", "安全", "あなたの役割", "セキュリティ", "역할", "보안"]
)
def test_cjk_headings_of_rules_name_no_work_in_their_numbered_points(heading: str) -> None:
    # English's responsibilities and security headings in Chinese, Japanese and Korean: the numbered points
    # and lists under them describe the agent, they ask for nothing.
    text = f"# 导出 CSV\n\n实现导出功能。\n\n## {heading}\n\n### 1. 任务分解\n\n1. 分析需求\n2. 制定计划\n"
    assert tasks(text) == [C]


@pytest.mark.parametrize(
    ("rules", "point"),
    [
        ("Best practices", "Strategy design"),
        ("Bonnes pratiques", "Conception de la stratégie"),
        ("Buenas prácticas", "Diseño de la estrategia"),
        ("最佳实践", "策略设计"),
        ("注意事项", "策略调整"),
        ("ベストプラクティス", "テスト設計"),
        ("주의사항", "코드 리뷰"),
    ],
)
def test_a_numbered_heading_under_a_section_of_no_work_is_no_step(rules: str, point: str) -> None:
    # "## Best practices" / "### 1. Strategy design": one more rule, as the bullets under it are.
    steps = "# Export\n\n## Steps\n\n1. Implement the exporter\n\n"
    text = steps + f"## {rules}\n\n### 1. {point}\n\n- Keep it simple\n"
    assert tasks(text) == [C]


@pytest.mark.parametrize(
    ("compound", "asked"),
    [
        ("Requirements analysis", "Analyze the requirements"),
        ("策略制定", "制定执行策略"),
        ("需求分析", "分析需求"),
        ("テスト実行", "テストを実行する"),
        ("要件分析", "要件を分析する"),
        ("모드 비교", "모드를 비교"),
        ("문서 분석 에이전트", "문서를 분석"),
    ],
)
def test_a_cjk_verb_noun_in_a_compound_names_a_thing_as_an_english_noun_does(
    compound: str, asked: str
) -> None:
    # "策略制定" (strategy formulation) has its verb noun after its object with no particle or light verb;
    # "制定执行策略" (formulate the strategy) asks. In a workflow only the request is a step.
    text = f"# Plan\n\n## Steps\n\n- {compound}\n- Implement the exporter\n"
    assert tasks(text) == [C]
    assert tasks(f"# Plan\n\n## Steps\n\n- {asked}\n- Implement the exporter\n")[0] is not C


def test_a_verb_spelt_inside_a_korean_word_is_none() -> None:
    # "에이전트" (agent) spells "이전" (migrate); a Korean verb noun opens its word.
    assert tasks("# 작업\n\n## 단계\n\n- 문서 분석 에이전트\n- 기능을 구현해 주세요\n") == [C]


@pytest.mark.parametrize(
    "quoted",
    [
        "今回の変更が「新規ツールの追加」を伴う場合は、README を読んでください。",
        "「テスト結果一覧」の仕様について、設計書を読んでください。",
    ],
)
def test_a_task_word_in_japanese_quotes_names_a_thing(quoted: str) -> None:
    # A quoted name asks for nothing, as a phrase in English quotes; the verb after the quote decides.
    assert tasks(quoted) == [A]
    assert tasks("「テストを書く」") == [T]  # a quote that ends its line is read


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ("0.1 读取项目指导文档", [C]),  # only taken in before the work: it prepares the work
        ("降级读取上游基线文档", [C]),
        ("可额外参考官方 SDK 文档", [A, C]),
        ("扫描项目文档结构", [A, C]),
        ("指示書を開き、内容を把握する", [A, C]),
    ],
)
def test_a_cjk_document_read_anywhere_before_it_is_looked_into(read: str, expected: list[TaskType]) -> None:
    # "read the docs" in English: the reader before the document noun makes it no docs work.
    assert list(dict.fromkeys(tasks(f"# 命令\n\n## 步骤\n\n1. {read}\n2. 实现这个功能\n"))) == expected


@pytest.mark.parametrize("label", ["追加指示", "出力スタイル", "补充说明", "추가 지시"])
def test_a_cjk_label_line_names_the_list_under_it(label: str) -> None:
    # A line of its own with no sentence's end labels its list ("Additional instructions" in English has
    # no verb): it is no ask, and the closing request still is.
    text = f"あなたは要約アシスタントです。\n\n{label}\n- 箇条書きは短く\n- 重複は削る\n\n"
    text += "以上を守って、文書を要約してください。\n"
    assert C not in tasks(text)
    assert A in tasks(text)


@pytest.mark.parametrize(
    ("time", "task"),
    [
        ("开始开发前的完整检查清单。", None),
        ("修复后的代码需要测试。", T),
        ("対応後のテストを書いてください。", T),
        ("수정 후의 코드를 테스트해 주세요.", T),
    ],
)
def test_work_before_or_after_which_a_thing_is_named_is_a_time(time: str, task: TaskType | None) -> None:
    # "the checklist before starting development", "the code after the fix": the verb names a time, as an
    # English "before"/"after" phrase does; only the head noun's own work is asked.
    assert tasks(time) == ([task] if task else [])


@pytest.mark.parametrize(
    ("description", "title"),
    [
        ("Complete test run for a repo — lint, Django check, migration, pytest", "Full test run"),
        ("Führe alle Tests eines Repos aus — Lint, Django Check, Migration, pytest", "Test-Run"),
    ],
)
def test_a_lint_named_among_the_checks_of_a_test_run_is_testing(description: str, title: str) -> None:
    # The lint is one of the checks the run makes, not formatting work ("fix the lint errors" would be).
    text = (
        f"---\ndescription: {description}\n---\n\n# /test-repo — {title}\n\n## Steps\n\n1. Run the script.\n"
    )
    assert F not in tasks(text)
    assert T in tasks(text)


@pytest.mark.parametrize("workflow", ["Workflow", "Standard workflow", "工作流", "标准工作流（模型变更）"])
def test_a_workflow_heading_spells_the_work_out_in_chinese_too(workflow: str) -> None:
    # "工作流" is Chinese for "workflow": its numbered items are steps, as under "## Workflow"
    text = f"# 数据库迁移\n\n## {workflow}\n\n1. 修改 ORM 模型\n2. 验证结果\n\n## 注意事项\n\n- 需手动处理\n"
    assert tasks(text) == [C, TaskType.TESTING]


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        # a check, or a generic verb whose object names no work, is only a verb's default: the file that
        # says it is about a workflow flag asks for no work, in English as in Chinese, Japanese and Korean
        ("Explicitly confirm that the bug fix task is complete, triggering a workflow state update", []),
        ("显式确认BUG修复任务已完成，触发工作流状态更新", []),
        ("修正タスクが完了したことを確認し、ワークフローの状態を更新する", []),
        ("버그 수정 작업이 완료되었음을 확인하고 워크플로 상태를 업데이트", []),
        # a verb that names the work, or a defect fixed, still asks for it
        ("Fix the login bug", [C]),
        ("修复登录的错误", [C]),
        ("ログインのバグを修正する", [C]),
        ("로그인 버그를 수정한다", [C]),
        ("ログイン機能を実装する", [C]),
        ("运行测试", [T]),
    ],
)
def test_a_description_that_only_names_a_verbs_default_asks_for_nothing(
    description: str, expected: list[TaskType]
) -> None:
    text = f"---\ndescription: {description}\n---\n\n# /mc-state\n\nThe workflow moves on to cleanup.\n"
    assert tasks(text) == expected


R = TaskType.REVIEW


@pytest.mark.parametrize(
    ("described", "asked", "expected"),
    [
        # A tool or a person as the subject says what that one does, as English puts a subject before its
        # verb; the same subject before a request ending still asks.
        ("The script generates the changelog.", "Generate the changelog.", D),
        ("このスクリプトは変更履歴を生成します。", "このスクリプトで変更履歴を生成してください。", D),
        ("该脚本会生成变更日志。", "请用该脚本生成变更日志。", D),
        ("이 스크립트는 변경 로그를 생성합니다.", "이 스크립트로 변경 로그를 생성해 주세요.", D),
        ("The tool runs the tests.", "Run the tests.", T),
        ("このツールはテストを実行します。", "このツールでテストを実行してください。", T),
        ("该工具会运行测试。", "运行测试。", T),
        ("이 도구는 테스트를 실행합니다.", "이 도구로 테스트를 실행해 주세요.", T),
        ("The implementer should update the code.", "Update the code.", C),
        ("実装担当者がコードを更新する。", "実装担当者がコードを更新すること。", C),
        ("实现者应该更新代码。", "更新代码。", C),
        ("구현 담당자가 코드를 업데이트한다.", "코드를 업데이트해 주세요.", C),
    ],
)
def test_a_tool_or_person_as_the_subject_describes_and_asks_for_nothing(
    described: str, asked: str, expected: TaskType
) -> None:
    steps = "## Steps\n\n1. {}\n2. Review the diff.\n"
    assert tasks("# Export\n\n" + steps.format(described)) == [TaskType.REVIEW]
    assert tasks("# Export\n\n" + steps.format(asked)) == [expected, TaskType.REVIEW]


@pytest.mark.parametrize(
    "description",
    ["このコマンドはコミットから変更履歴を生成します。", "이 명령은 커밋에서 변경 로그를 생성합니다."],
)
def test_a_description_of_the_file_itself_states_its_ask(description: str) -> None:
    # the file's own kind as the subject ("このコマンドは") is no tool described: its description is the ask
    assert tasks(f"---\ndescription: {description}\n---\n\n# /changelog\n\nRead the git log.\n") == [D]


@pytest.mark.parametrize(
    "run",
    [
        "Run the tests",
        "运行测试",
        "执行单元测试",
        "跑测试",
        "テストを実行する",
        "테스트를 실행",
        "Lance les tests",
        "Ejecuta las pruebas",
        "Führe die Tests aus",
        "Execute os testes",
        "Esegui i test",
    ],
)
def test_a_test_run_in_a_workflow_item_is_testing_in_every_language(run: str) -> None:
    # "运行" (run) is a verb beside "测试", as English "run" is: the item runs tests, it names no thing
    assert tasks(f"# Export\n\n## Steps\n\n1. Implement the exporter\n2. {run}\n") == [C, T]
    assert tasks(f"# Export\n\n## Steps\n\n1. {run}\n2. Implement the exporter\n") == [T, C]


@pytest.mark.parametrize("run", ["Run the migration", "执行迁移", "運行遷移", "运行构建"])
def test_a_migration_or_build_run_writes_no_code(run: str) -> None:
    # what is run is a thing: "迁移" (migrate) after "执行" (run) is the migration, as in English
    assert tasks(f"# Export\n\n## Steps\n\n1. {run}\n2. Implement the exporter\n") == [C]
    assert tasks(f"# Export\n\n## Steps\n\n1. {run}\n") == []


@pytest.mark.parametrize(
    "ruled_out",
    [
        "Do not write code.",
        "コードは書かない。",
        "コードは変更しない。",
        "ファイルは変更しないこと。",
        "코드를 수정하지 않는다.",
        "코드를 작성하지 않습니다.",
    ],
)
def test_a_plain_negative_rules_the_work_out_as_do_not_does(ruled_out: str) -> None:
    # the plain negative of a Japanese or Korean rule, also where it opens on the cue's light verb
    # ("変更し|ない")
    assert tasks(f"# Audit\n\n## Steps\n\n1. {ruled_out}\n2. Review the diff.\n") == [TaskType.REVIEW]


@pytest.mark.parametrize(
    "check", ["Check the spec against the code.", "仕様とコードを照合して。", "仕様とコードを突き合わせて。"]
)
def test_checking_one_thing_against_another_looks_into_them(check: str) -> None:
    # "照合" (collate) is a check, as English "check ... against" is: the code named is looked at, not written
    assert tasks(f"# Audit\n\n{check}\n") == [A]


@pytest.mark.parametrize(
    "fix",
    [
        "If the tests fail, fix the code.",
        "テストが失敗したらコードを修正する。",
        "如果测试失败，修复代码。",
        "테스트가 실패하면 코드를 수정한다.",
        "Si les tests échouent, corrige le code.",
        "Wenn die Tests fehlschlagen, korrigiere den Code.",
        "ソースコードを直して。",
        "修改代码。",
    ],
)
def test_a_generic_verb_whose_object_is_the_code_asks_for_code(fix: str) -> None:
    # "代码", "コード", "코드" name the work of the verb, as "the code" does in "fix the code": no verb's
    # default that the refactor named beside it would drop
    assert tasks(f"# Task\n\n## Steps\n\n1. Refactor the parser.\n2. {fix}\n") == [TaskType.REFACTOR, C]


def test_a_noun_that_modifies_another_names_a_thing() -> None:
    # "迁移文件" is a migration file: generating it is the verb's default, as "generate the migration file"
    assert tasks("# Task\n\n## Steps\n\n1. Refactor the parser.\n2. 生成迁移文件\n") == [TaskType.REFACTOR]
    assert tasks("# Task\n\n## Steps\n\n1. Refactor the parser.\n2. Generate the migration file\n") == [
        TaskType.REFACTOR
    ]


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        ("Run `npm test` to verify.", T),
        ("`npm test` を実行して確認する。", T),
        ("`npm test` を実行する。", T),
        ("运行 `npm test` 进行验证。", T),
        ("`pytest`를 실행한다.", T),
        ("`npm test`를 실행해 확인한다.", T),
        ("运行 `make lint`。", F),
    ],
)
def test_a_command_run_in_backticks_names_the_work_in_every_language(run: str, expected: TaskType) -> None:
    # the command is what is run, as after English "run"; a check of it ("確認", "验证") is of that run
    text = f"# Task\n\n## Steps\n\n1. Refactor the parser.\n2. {run}\n"
    assert tasks(text) == [TaskType.REFACTOR, expected]


def test_a_path_run_names_no_work() -> None:
    assert tasks("# Task\n\n## Steps\n\n1. Refactor the parser.\n2. `docs/api.md` を実行する\n") == [
        TaskType.REFACTOR
    ]


@pytest.mark.parametrize(
    "open_pr", ["Create a PR.", "PR を作成する。", "创建 PR。", "PR을 생성한다.", "Crea la PR."]
)
def test_opening_a_pr_is_housekeeping_in_every_language(open_pr: str) -> None:
    # a PR opened is no review asked, as "Create a PR" is none in English
    assert tasks(f"# Task\n\n## Steps\n\n1. Refactor the parser.\n2. {open_pr}\n") == [TaskType.REFACTOR]


@pytest.mark.parametrize(
    "report",
    ["Report the results to the user.", "Relate os resultados ao usuário.", "結果をユーザーに報告する。"],
)
def test_reporting_results_is_the_answer_in_every_language(report: str) -> None:
    # Portuguese "relate" (report) was read as a typo of French "éclate" (split up), a refactor
    assert tasks(f"# Task\n\n## Steps\n\n1. Refactor the parser.\n2. {report}\n") == [TaskType.REFACTOR]


@pytest.mark.parametrize(
    "add",
    ["Add usage examples to the README.", "README に使用例を追記する。", "README に使用方法を記載する。"],
)
def test_a_reading_verb_inside_a_japanese_noun_reads_nothing(add: str) -> None:
    # "使用例" (usage example) holds "使用" (use), a verb that reads a document; run on into a noun it names
    # a thing, and the README is written
    assert tasks(f"# Task\n\n## Steps\n\n1. Refactor the parser.\n2. {add}\n") == [TaskType.REFACTOR, D]


@pytest.mark.parametrize(
    "compare",
    [
        "Compare the two approaches.",
        "Compara los dos enfoques.",
        "Confronta i due approcci.",
        "Compare les deux approches.",
        "Vergleiche die beiden Ansätze.",
        "Compare as duas abordagens.",
        "2 つのアプローチを比較する。",
        "두 가지 접근 방식을 비교한다.",
    ],
)
def test_comparing_options_looks_into_them_in_every_language(compare: str) -> None:
    # Spanish "compara" and Italian "confronta" were only checks after a change, no verbs of their own
    assert tasks(f"# Task\n\n## Steps\n\n1. Refactor the parser.\n2. {compare}\n") == [TaskType.REFACTOR, A]


@pytest.mark.parametrize(
    "coverage",
    [
        "Make sure coverage stays above 80%.",
        "Assure-toi que la couverture reste au-dessus de 80 %.",
        "Erhöhe die Abdeckung des Parsers.",
    ],
)
def test_a_coverage_kept_in_a_workflow_is_testing(coverage: str) -> None:
    # "Abdeckung" is coverage, as "couverture" and "coverage" are
    assert tasks(f"# Task\n\n## Steps\n\n1. Refactor the parser.\n2. {coverage}\n") == [TaskType.REFACTOR, T]


@pytest.mark.parametrize(
    "context",
    [
        "The project uses pytest for tests.",
        "このプロジェクトはテストに pytest を使っている。",
        "現在、ログイン処理は `auth.py` で実装されている。",
        "ドキュメントは `docs/` にある。",
        "パーサーは先週リファクタリングされた。",
        "CI は PR ごとにリンターを実行する。",
        "이 프로젝트는 테스트에 pytest를 사용하고 있다.",
        "로그인 처리는 `auth.py`에 구현되어 있다.",
        "파서는 지난주에 리팩터링되었다.",
        "설계 문서에 목표 아키텍처가 적혀 있다.",
        "CI는 PR마다 린터를 실행한다.",
        "CI 会在每个 PR 上运行 linter。",
        "项目使用 pytest 进行测试。",
        "文档位于 `docs/` 目录。",
    ],
)
def test_a_statement_of_context_after_the_ask_asks_for_nothing(context: str) -> None:
    # a sentence in the plain style that says what is so, was done or goes on (or what CI does) is context,
    # as an English sentence whose verb follows its subject
    assert tasks(f"# ログイン高速化\n\nログイン処理を高速化してください。{context}\n") == [C]


def test_a_chinese_request_with_the_same_words_still_asks() -> None:
    # "使用 pytest 编写测试" (write the tests with pytest) has no subject: it asks
    assert tasks("# 登录\n\n请加快登录流程。使用 pytest 编写测试。\n") == [C, T]


@pytest.mark.parametrize(
    "keep",
    [
        "Speed up the login flow. Keep the behaviour unchanged.",
        "ログイン処理を高速化してください。挙動は変えないこと。",
        "请优化登录流程的性能。保持行为不变。",
        "로그인 처리를 최적화해 주세요. 동작은 바꾸지 않는다.",
        "Acelera el flujo de login. Mantén el comportamiento sin cambios.",
        "Acelere o fluxo de login. Mantenha o comportamento inalterado.",
        "Velocizza il flusso di login. Mantieni invariato il comportamento.",
    ],
)
def test_a_change_said_to_keep_the_behaviour_is_a_refactor_in_every_language(keep: str) -> None:
    # the sentence that keeps the behaviour makes the change before it a refactor and asks nothing itself
    assert tasks(f"# Login\n\n{keep}\n") == [TaskType.REFACTOR]
