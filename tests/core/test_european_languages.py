"""German, French, Spanish, Portuguese and Italian: one test per grammar pattern and language, each a
form that read wrong before its rule (order words, clean-up verbs, object pronouns, requests for a thing),
and the multilingual scorer run as its users run it."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

from routesmith.decompose import decompose
from routesmith.model import TaskType

A, C, T, R, D, F, V = map(
    TaskType, ("analysis", "coding", "testing", "refactor", "documentation", "formatting", "review")
)
SCORER = pathlib.Path(__file__).parents[1] / "data" / "multilingual" / "score.py"


def tasks(text: str) -> list[TaskType]:
    return [step.task for step in decompose(text).steps]


@pytest.mark.parametrize(
    "text",
    [
        "Écris d'abord des tests qui reproduisent le bug, corrige-le, puis mets à jour le CHANGELOG.",
        "Escribe un test que reproduzca el fallo, arregla el bug y actualiza el changelog.",
        "Escreva um teste que reproduza o erro, corrija o bug e atualize o changelog.",
        "Scrivi un test che riproduca il bug, correggilo e aggiorna il changelog.",
        "Schreib einen Test, der den Fehler reproduziert, behebe den Bug und aktualisiere das Changelog.",
    ],
)
def test_a_test_that_reproduces_the_bug_comes_before_the_fix(text: str) -> None:
    assert tasks(text) == [T, C, D]


@pytest.mark.parametrize(
    "text",
    [
        "Räum bitte die Importe auf.",
        "Nettoie les imports du module.",
        "Limpia los imports del módulo.",
        "Padroniza a indentação dos arquivos YAML.",
        "Pulisci gli import del modulo.",
        "Uniformise l'indentation des fichiers SCSS.",  # "l'indentation": the noun after the elision
    ],
)
def test_a_clean_up_verb_takes_its_objects_task(text: str) -> None:
    assert tasks(text) == [F]


@pytest.mark.parametrize(
    "text",
    [
        "Räum das utils-Modul auf.",
        "Nettoie le module utils.",
        "Limpia el módulo de utilidades.",
        "Limpa o módulo de utilitários.",
        "Pulisci il modulo utils.",
    ],
)
def test_cleaning_up_code_stays_a_refactor(text: str) -> None:
    assert tasks(text) == [R]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tu peux le tester ?", [T]),  # a request with the pronoun before the verb
        ("Peux-tu les corriger et les documenter ?", [C, D]),
        ("Il faut la corriger.", [C]),
        ("Corrige o bug e depois o testa.", [C, T]),
        ("Puoi correggerlo e poi lo testi?", [C, T]),
    ],
)
def test_an_object_pronoun_before_its_verb(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Il faudrait une page dans l'admin qui liste les exécutions.", [C]),
        ("Il faut des tests pour le parseur.", [T]),  # "tests" is an English verb, not a French one
        ("Hace falta un test para el parser.", [T]),
    ],
)
def test_a_request_verb_before_a_noun_asks_for_the_thing(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # English stop words ("so") end no German gap
        ("Bau den Event-Handler so um, dass er keinen globalen State benutzt.", [R]),
        ("Bau die Konfiguration von YAML auf TOML um und pass die Doku entsprechend an.", [R, D]),
        ("Lass danach eslint --fix drüberlaufen.", [F]),  # "--fix" is an option, not a fix
        ("Leg die Seite an und trag das Ganze im CHANGELOG ein.", [C, D]),  # "eintragen" writes
    ],
)
def test_german_separable_verbs(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


def test_finished_work_named_by_its_state_comes_first() -> None:
    assert tasks("Une fois que l'endpoint fonctionne, lance le formateur.") == [C, F]


def _run_scorer(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCORER), *args], capture_output=True, text=True, timeout=120, check=False
    )


def _case(case_id: str, prompt: str, need: list[list[str]]) -> str:
    return json.dumps({"id": case_id, "prompt": prompt, "need": need, "allow": [], "order": []})


def test_the_scorer_scores_a_folder_of_its_own(tmp_path: pathlib.Path) -> None:
    (tmp_path / "fr.jsonl").write_text(
        _case("fr-1", "Tu peux le tester ?", [["testing"]])
        + "\n"
        + _case("fr-2", "Tu peux le tester ?", [["review"]])
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "de.jsonl").write_text(_case("de-1", "Prüf den PR.", [["review"]]) + "\n", encoding="utf-8")
    done = _run_scorer("--folder", str(tmp_path), "fr", "--verbose", "fr")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[-2:] == ["fr: 1/2 (50%)", f"multilingual ({tmp_path}): 1/2 (50%) fully right"]
    assert any(line.startswith("  miss fr-2 got=['testing']") for line in lines)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "fr-1",\n', "fr.jsonl:1: not JSON"),
        ('\n{"id": "fr-1", "prompt": "Teste-le."}\n', "fr.jsonl:2: no need, allow, order"),
    ],
)
def test_the_scorer_names_a_malformed_line(tmp_path: pathlib.Path, content: str, message: str) -> None:
    (tmp_path / "fr.jsonl").write_text(content, encoding="utf-8")
    done = _run_scorer("--folder", str(tmp_path))
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_the_scorer_names_a_missing_folder(tmp_path: pathlib.Path) -> None:
    done = _run_scorer("--folder", str(tmp_path / "nowhere"))
    assert done.returncode == 2
    assert "nowhere: not a directory" in done.stderr and "Traceback" not in done.stderr
