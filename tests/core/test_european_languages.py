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

P, A, C, T, R, D, F, V = map(
    TaskType,
    ("planning", "analysis", "coding", "testing", "refactor", "documentation", "formatting", "review"),
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
        "Pulisci l'indentazione del modulo.",
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


@pytest.mark.parametrize(
    "text",
    [
        "Une fois que l'endpoint fonctionne, lance le formateur.",
        "Sobald der Endpoint steht, lass den Formatter laufen.",  # the subject before its state
    ],
)
def test_finished_work_named_by_its_state_comes_first(text: str) -> None:
    assert tasks(text) == [C, F]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hazme un plan para migrar de MySQL a PostgreSQL.", [P]),  # "haz" + "me"
        ("Fammi una proposta di architettura per le notifiche.", [P]),  # "fa(i)" + doubled "mi"
        ("Indaga su cosa rallenta la build e proponimi delle soluzioni.", [A, P]),
    ],
)
def test_a_pronoun_attached_to_the_verb(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("J'aimerais bien avoir des tests d'intégration pour le client Redis.", [T]),
        ("Me gustaría tener tests end-to-end para el flujo de registro.", [T]),
        ("Gostava de ter testes de integração para o serviço de notificações.", [T]),
        ("Mi servirebbe una pagina di login con Google.", [C]),
        ("Wäre super, wenn du einen Dark Mode für die Einstellungen einbauen könntest.", [C]),
        (
            "Es wäre toll, wenn du die Suche beschleunigen und dafür ein paar Tests schreiben könntest.",
            [C, T],
        ),
        ("Tu pourrais m'aider à implémenter la connexion GitHub et à écrire ses tests ?", [C, T]),
        ("Me ayudarías a implementar el login con GitHub y a escribir sus tests?", [C, T]),
    ],
)
def test_a_wish_is_a_request(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Il reste juste à relire le diff et à remettre de l'ordre dans les imports avec isort.", [V, F]),
        ("Solo falta que revises el código del endpoint.", [V]),  # the subjunctive after "que"
        ("Manca solo da ripulire il codice duplicato nei controller.", [R]),
        ("Revisa o PR do Dockerfile e aproveita para formatar o YAML.", [V, F]),
    ],
)
def test_what_remains_to_do_is_asked_for(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bitte die Lint-Fehler beheben, sonst nichts ändern.", [F]),
        ("Propose-moi un plan pour migrer vers Vite, on verra l'implémentation plus tard.", [P]),
        ("Bau ein CLI-Kommando `sync --dry-run` und dokumentier es im README.", [C, D]),  # an option
        ("Die Suche soll auch Teilwörter finden. Kannst du das umsetzen?", [C]),  # a requirement
        ("Woran liegt es, dass die Seite so langsam lädt?", [A]),
        ("Kannst du mal schauen, warum der CI-Job rot ist, und das reparieren?", [A, C]),
        ("Lass bitte Prettier und eslint --fix über das frontend/-Verzeichnis laufen.", [F]),
        ("Affiche la note moyenne des avis (review score) sur chaque fiche produit.", [C]),  # an aside
    ],
)
def test_clause_grammar(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Stell das Upload-Modul von Callbacks auf async/await um, ohne das Verhalten zu ändern.",
        "Migriere den Zahlungsdienst auf die neue Client-Bibliothek, das Verhalten soll gleich bleiben.",
        "Migre le service de paiement vers le nouveau client HTTP, sans changement de comportement.",
        "Passe le module d'upload des callbacks à async/await sans changer le comportement.",
        "Pasa el módulo de pagos de callbacks a async/await sin cambiar el comportamiento.",
        "Migra el servicio de pagos al nuevo cliente HTTP manteniendo el mismo comportamiento.",
        # "de" opens the Portuguese "dê uma olhada" but is no verb inside "serviço de pagamentos"
        "Migra o serviço de pagamentos para o novo cliente HTTP sem mudar o comportamento.",
        "Passa o módulo de upload de callbacks para async/await mantendo o mesmo comportamento.",
        "Porta il modulo dei pagamenti da callback ad async/await senza cambiare il comportamento.",
        "Migra il servizio dei pagamenti al nuovo client HTTP mantenendo lo stesso comportamento.",
    ],
)
def test_a_change_that_keeps_the_behaviour_is_a_refactor(text: str) -> None:
    assert tasks(text) == [R]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wandle die Konfiguration von YAML in TOML um.", [R]),
        ("Convertis les callbacks du module d'upload en async/await.", [R]),
        ("Convierte los componentes de clase a hooks.", [R]),
        ("Converte os componentes de classe para hooks.", [R]),
        ("Converti i componenti a classe in hook.", [R]),
        # guards: a new feature on the same module is still coding
        ("Migra el servicio de pagos al nuevo cliente HTTP y añade reintentos.", [C, C]),
    ],
)
def test_converting_code_into_another_form_is_a_refactor(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("run eslint on the frontend and fix whatever it flags", [F, F]),
        ("run eslint and fix them", [F, F]),
        ("Lass eslint laufen und behebe, was er findet.", [F, F]),
        ("Lance eslint sur le front et corrige ce qui remonte.", [F, F]),
        ("Lance eslint et corrige-les.", [F, F]),  # the pronoun run on to its verb
        ("Pasa black y flake8 por todo el repo y arregla lo que salga.", [F, F]),
        ("Pasa eslint por el frontend y corrígelos.", [F, F]),
        ("Roda o eslint no front e corrige o que aparecer.", [F, F]),
        ("Passa eslint sul frontend e sistema quello che segnala.", [F, F]),
        # guards: what a test run or a review finds is fixed in the code
        ("run the tests and fix whatever fails", [T, C]),
        ("Review the PR and fix what you find", [V, C]),
        ("The build fails in the SwiftLint phase. Find out why and get the build green again.", [A, C]),
    ],
)
def test_fixing_what_a_linter_found_is_formatting(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'd like you to do a security review of the auth code.", [V]),
        ("J'aimerais que tu fasses une revue de sécurité du code d'authentification.", [V]),
        ("Je voudrais que vous écriviez des tests pour le parseur.", [T]),
        ("Me gustaría que hicieras una revisión de seguridad del código de autenticación.", [V]),
        ("Quisiera que implementaras el login con Google.", [C]),  # a regular verb's past subjunctive
        ("Gostava que fizesses uma revisão de segurança ao código de autenticação.", [V]),
        ("Gostaria que você documentasse a API de pagamentos.", [D]),
        ("Vorrei che facessi una review di sicurezza del codice di autenticazione.", [V]),
        ("Mi piacerebbe che scrivessi i test per il parser.", [T]),
    ],
)
def test_a_wish_with_a_subjunctive_is_a_request(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("add a --json flag to the export command. docs later, tests now", [C, T]),
        ("add a --json flag to the export command. no docs, just tests", [C, T]),
        ("Füg dem Export-Befehl ein --json-Flag hinzu. Doku später, Tests jetzt.", [C, T]),
        ("Ajoute une option --json à la commande d'export. La doc plus tard, les tests maintenant.", [C, T]),
        ("Añade un flag --json al comando de exportar. La documentación para después, los tests ya.", [C, T]),
        (
            "Adiciona uma flag --json ao comando de exportação. Documentação para depois, testes agora.",
            [C, T],
        ),
        ("Aggiungi un flag --json al comando di export. La documentazione più tardi, i test adesso.", [C, T]),
        (
            "Aggiungi un flag --json al comando di export. I test adesso, la doc in un secondo momento.",
            [C, T],
        ),
        # guards: "already" is no "now"; "afterwards" orders, it puts nothing off
        ("Los tests ya pasan todos. Solo falta que revises el código del endpoint.", [V]),
        ("Corrige el bug y actualiza el README después.", [C, D]),
        ("ok, now that the feature works: refac the helper mess and update the changelog", [R, D]),
    ],
)
def test_work_put_off_is_dropped_and_work_said_for_now_is_kept(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Revise o PR, sugira melhorias e aplique as mais simples.", [V, C]),
        ("Relis la PR, suggère des améliorations et applique les plus évidentes.", [V, C]),
        ("Revisa la PR, sugiere mejoras y aplica las más obvias.", [V, C]),
        ("Rivedi la PR, suggerisci miglioramenti e applica quelli ovvi.", [V, C]),
    ],
)
def test_suggesting_is_no_work_and_applying_is_coding(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Bau die Login-Seite und verifiziere sie mit einem E2E-Test.",
        "Crée la page de login et vérifie-la avec un test end-to-end.",  # the pronoun run on to it
        "Crea la página de login y verifica con un test e2e.",
        "Cria a página de login e valida com um teste e2e.",
        "Crea la pagina di login e verificala con un test end-to-end.",
    ],
)
def test_a_bare_verify_checks_the_work_as_a_test(text: str) -> None:
    assert tasks(text)[:2] == [C, T] and set(tasks(text)) == {C, T}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Migrate the repo from flake8 to ruff.", [F]),
        ("Stell die Codebasis auf black um.", [F]),
        ("Passe tout le projet sur ruff.", [F]),
        ("Migra el proyecto a ruff.", [F]),
        ("Migra o código para o black.", [F]),
        ("Porta il progetto su ruff.", [F]),
        # guards: other targets leave the object to decide
        ("Migrate the service to Postgres.", [C]),
        ("Stell das Modul auf async/await um.", [C]),
    ],
)
def test_code_turned_over_to_a_formatter_is_formatting(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an English tool name after "und" is no German verb: the separable verb's object goes on
        ("Lass bitte mal black und isort über das ganze Repo laufen.", [F]),
        ("Lass black und isort laufen und schreib dann Tests.", [F, T]),
        # a separable clean-up verb around code refactors, as "clean up the code" does
        ("Räum den Code in utils.py auf, da sind doppelte Funktionen drin.", [R]),
        # a name of work and its infinitive after a comma are a step of their own (not after a dash)
        ("Endpoint für den CSV-Export bauen, Tests schreiben, README aktualisieren.", [C, T, D]),
    ],
)
def test_german_separable_verbs_around_tools_and_code(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a verb that only carries out work lets its object name it, as "run all tests" does
        ("Alle Tests ausführen", [T]),
        ("Alle Tests ausführen, dann die Doku aktualisieren.", [T, D]),
        ("Ein Code-Review durchführen", [V]),
        ("Den Plan ausführen", [C]),
        ("Führe alle Tests aus", [T]),
        ("Ejecutar todos los tests", [T]),
        ("Exécuter tous les tests", [T]),
        ("Eseguire tutti i test", [T]),
        ("Executar todos os testes", [T]),
    ],
)
def test_an_infinitive_that_carries_out_work_is_named_by_its_object(
    text: str, expected: list[TaskType]
) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Nutzer sperren. Akzeptanzkriterien: Button in der Nutzerliste, Unit-Tests, im README dokumentiert.",
        "Bloquer un compte. Critères d'acceptation : un bouton, des tests unitaires, documenté au README.",
        "Bloquear usuarios. Criterios de aceptación: un botón, tests unitarios, documentación en el README.",
        "Bloquear utilizadores. Critérios de aceitação: um botão, testes unitários, documentação no README.",
        "Bloccare gli utenti. Criteri di accettazione: un pulsante, test unitari, documentato nel README.",
    ],
)
def test_acceptance_criteria_name_the_deliverables(text: str) -> None:
    assert tasks(text)[-3:] == [C, T, D]


@pytest.mark.parametrize(
    "text",
    [
        "Mach einen Plan und warte, bis ich ihn freigebe, bevor du ihn umsetzt.",
        "Propose un plan et attends que je valide avant de l'implémenter.",
        "Propón un plan y espera a que lo apruebe antes de implementarlo.",
        "Propõe um plano e espera pela minha aprovação antes de implementar.",
        "Proponi un piano e aspetta che io approvi prima di implementarlo.",
    ],
)
def test_waiting_for_the_users_word_gates_the_plan(text: str) -> None:
    steps = decompose(text).steps
    assert [step.task for step in steps] == [P] and steps[0].approval_gate


def test_an_english_gate_said_after_the_step_holds_it() -> None:
    steps = decompose("Propose a fix and implement it once I say ok.").steps
    assert [(step.task, step.approval_gate) for step in steps] == [(P, False), (C, True)]


@pytest.mark.parametrize(
    "text",
    [
        "Bau den Login-Endpoint. Integrationstests wären super.",
        "Implémente l'endpoint de login. Des tests d'intégration seraient bienvenus.",
        "Implementa el endpoint de login. Unos tests de integración estarían bien.",
        "Implementa o endpoint de login. Testes de integração seriam ótimos.",
        "Implementa l'endpoint di login. Dei test di integrazione sarebbero utili.",
    ],
)
def test_a_wish_said_after_the_work_asks_for_it(text: str) -> None:
    assert tasks(text) == [C, T]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Der Parser braucht Tests.", [T]),
        ("Le parseur a besoin de tests.", [T]),
        ("El parser necesita tests.", [T]),
        ("O parser precisa de testes.", [T]),  # "o" opens "o que" but is no question word here
        ("Il parser ha bisogno di test.", [T]),
        # guards: what a subject needs that is no work asks for nothing
        ("El equipo necesita más tiempo.", []),
        ("Die Tests brauchen zu lange.", []),
    ],
)
def test_what_a_subject_needs_is_asked_for(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("looks good, ship it", []),
        ("Ship the new onboarding flow.", [C]),  # a named thing is still built
        ("Sieht gut aus, merge es und ergänz einen Changelog-Eintrag.", [D]),
        ("Ça me va, merge-la et ajoute une entrée au changelog.", [D]),  # "au": into the changelog
        ("Se ve bien, haz el merge y añade una entrada al changelog.", [D]),
        ("Tá bom, faz o merge e adiciona uma entrada no changelog.", [D]),
        ("Va bene, fai il merge e aggiungi una voce al changelog.", [D]),
    ],
)
def test_merging_and_shipping_are_no_work(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "run the tests and see what fails",
        "Kannst du mal die Tests laufen lassen und schauen, was kaputt ist?",
        "Tu peux lancer les tests et regarder ce qui casse ?",
        "¿Puedes correr los tests y ver qué falla?",
        "Consegues correr os testes e ver o que está a falhar?",
        "Puoi lanciare i test e vedere cosa si rompe?",
    ],
)
def test_a_look_at_what_a_run_breaks_comes_after_the_run(text: str) -> None:
    assert tasks(text) == [T, A]


@pytest.mark.parametrize(
    "text",
    [
        "Refactor the payment module, no behaviour change, and keep the tests green.",
        "Räum das Zahlungsmodul auf und halt die Tests grün.",
        "Nettoie le module de paiement et garde les tests au vert.",
        "Limpia el módulo de pagos y mantén los tests en verde.",
        "Limpa o módulo de pagamentos e mantém os testes verdes.",
        "Pulisci il modulo dei pagamenti e mantieni i test verdi.",
    ],
)
def test_keeping_the_tests_green_runs_them(text: str) -> None:
    assert tasks(text) == [R, T]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Comment devrait-on structurer les dossiers du monorepo ?", [P]),
        ("¿Cuál es la mejor forma de organizar las carpetas del monorepo?", [P]),
        ("Como devíamos organizar as pastas do monorepo?", [P]),
        ("Qual è il modo migliore per organizzare le cartelle del monorepo?", [P]),
        ("La recherche est trop lente. Profile-la et accélère-la.", [A, C]),
        ("La búsqueda va muy lenta. Perfílala y hazla más rápida.", [A, C]),
        ("Implementier die Pagination, aber fass die bestehenden Tests nicht an.", [C]),
    ],
)
def test_planning_questions_profiling_and_hands_off(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a run whose purpose checks the work is a test run, the purpose closing its clause
        ("Format the code, then run CI to verify.", [F, T]),
        ("Formate le code, ensuite lance la CI pour vérifier.", [F, T]),
        ("Formatea el código y luego lanza la CI para comprobar.", [F, T]),
        ("Formatta il codice e poi lancia la CI per verificare.", [F, T]),
        # "afterwards" closing a clause orders it after the one before
        ("Padroniza a indentação dos arquivos YAML e valida-os com o kubeval depois.", [F, T]),
        ("Format the YAML files and run the tests afterwards.", [F, T]),
        # guard: a run to see something is no test
        ("Run the script to see the error.", []),
        # a part of a document added after documenting is documentation
        ("Documenta los endpoints en la referencia de la API y añade ejemplos de payload.", [D, D]),
    ],
)
def test_checking_purposes_closing_markers_and_document_parts(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


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
    done = _run_scorer("fr", "--verbose", "fr", "--extra", str(tmp_path))
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
    done = _run_scorer("--extra", str(tmp_path))
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_the_scorer_names_a_missing_folder(tmp_path: pathlib.Path) -> None:
    done = _run_scorer("--extra", str(tmp_path / "nowhere"))
    assert done.returncode == 2
    assert "nowhere: not a directory" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dá uma revisada no meu código antes de eu abrir o PR.", [V]),  # the user's own action: no step
        ("Add a badge to each seller profile.", [C]),  # "a" opens Portuguese "a gente" but is no subject
        ("Revisa mi código antes de que yo abra el PR.", [V]),
        ("Escribe los tests antes de que implementes la función.", [T, C]),  # the subjunctive asks
        ("Bevor du etwas änderst, schreib Tests.", [T]),  # "before you change anything": a condition
        ("Antes de cambiar nada, escribe tests.", [T]),
        ("Wie würdest du die Suche umbauen?", [P]),  # how would you go about it: a plan
        ("Comment tu t'y prendrais pour migrer la base ?", [P]),
    ],
)
def test_before_clauses_and_how_questions(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Corrige el bug y abre un PR",
        "Behebe den Bug und erstelle einen PR",
        "Corrija o bug e abra um PR",
        "Corrige le bug et ouvre une PR",
        "Correggi il bug e apri una PR",
    ],
)
def test_opening_a_pull_request_is_no_review(text: str) -> None:
    assert tasks(text) == [C]
