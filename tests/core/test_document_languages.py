"""Documents in every language the decomposer claims read as the same document in English does: the
structure (headings, list items that only name things, verbs that read) carries across languages."""

from __future__ import annotations

import pytest

from routesmith.decompose import decompose
from routesmith.model import TaskType

A, C, D = TaskType.ANALYSIS, TaskType.CODING, TaskType.DOCUMENTATION


def tasks(text: str) -> list[TaskType]:
    return [step.task for step in decompose(text).steps]


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
