"""Italian forms the decomposer reads by rule rather than by listing each word: derived imperatives and
subjunctives, participles with the passive that asks for them, needs and wishes, absolute participles.
Written fresh (not from the multilingual set); each case failed on the code before these rules unless
marked as a guard."""

from __future__ import annotations

import pytest

from routesmith.decompose import decompose
from routesmith.decompose.lexicon import LEXICON, Form
from routesmith.model import TaskType

P, A, C, T, R, D, F, V = map(
    TaskType,
    ("planning", "analysis", "coding", "testing", "refactor", "documentation", "formatting", "review"),
)


def tasks(text: str) -> list[TaskType]:
    return [step.task for step in decompose(text).steps]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the subjunctive after "vorrei che", "ho bisogno che": derived from the infinitive listed
        ("Vorrei che rifattorizzassi il modulo di pagamento.", [R]),
        ("Ho bisogno che tu scriva i test per il modulo billing.", [T]),
        ("Vorrei che scrivessi i test e che aggiornassi il README.", [T, D]),
        # the first person plural proposes the work ("facciamo", "aggiungiamo")
        ("Implementiamo il carrello e poi scriviamo i test.", [C, T]),
        ("Aggiungiamo un controllo sui permessi nell'endpoint /admin.", [C]),
        ("Prima sistemiamo il bug, poi scriviamo il test di regressione.", [C, T]),
    ],
)
def test_derived_verb_forms(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Il README va aggiornato con le nuove opzioni.", [D]),  # a generic participle: its subject's work
        ("I test vanno aggiornati.", [T]),
        ("Vanno aggiunti i test per il nuovo endpoint.", [T]),  # the subject after the participle
        ("La funzione parse_date andrebbe rifattorizzata.", [R]),
        ("Il parser andrebbe riscritto da zero.", [R]),  # an irregular participle ("scrivere": "scritto")
        ("Le funzioni pubbliche vanno documentate.", [D]),
        ("Il codice va formattato con black prima del commit.", [F]),
        ("Andrebbe sistemato il bug del login, poi vanno aggiornati i docs.", [C, D]),
    ],
)
def test_passive_asks_for_the_work(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Avrei bisogno di una pagina di riepilogo ordini.", [C]),
        ("Ho bisogno di testare il parser.", [T]),
        ("Sarebbe utile aggiungere il logging alle chiamate esterne.", [C]),
        ("Ti chiederei di documentare le API del servizio utenti.", [D]),
        ("Bisognerebbe testare meglio il parser.", [T]),
        ("Dai una sistemata alla formattazione del progetto.", [F]),  # the work as a noun; its object decides
        ("Dai una controllata al codice del parser.", [V]),
        ("Rifai la UI della pagina profilo.", [C]),
        ("Committa le modifiche e apri una PR.", []),  # version control is no task
        ("Deploya la nuova versione e poi scrivi i test di integrazione.", [T]),
    ],
)
def test_needs_wishes_and_colloquial_verbs(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Una volta corretto il bug, aggiorna il changelog.", [C, D]),
        ("Aggiorna il changelog una volta corretto il bug.", [C, D]),  # done first wherever it is said
        ("Una volta implementata la funzione, documentala.", [C, D]),
        # guards: what already worked stays so
        ("Non serve scrivere la documentazione, implementa solo l'endpoint.", [C]),
        ("Lascia stare i test per ora: rifattorizza il service e basta.", [R]),
        ("Il bug è stato corretto ieri, ora aggiorna il changelog.", [D]),  # a report asks for nothing
        # "ancora una volta" is "again"; "dopo la modifica" is an event ("dopo la": after), not "modify it"
        ("Esegui ancora una volta i test dopo la modifica.", [T]),
    ],
)
def test_absolute_participles_come_first(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


def test_participles_are_derived_only_for_the_languages_that_list_their_endings() -> None:
    assert any(e.form is Form.ED and e.language == "it" for e in LEXICON.entries("aggiornato"))
    assert any(e.form is Form.ED and e.language == "it" for e in LEXICON.entries("riscritti"))
    assert any(e.form is Form.ED and e.language == "es" for e in LEXICON.entries("actualizado"))
    # German lists no participle endings: "aktualisiert" is only the verb it is listed as
    assert not any(e.form is Form.ED for e in LEXICON.entries("aktualisiert"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The README should be updated with the new options.", [D]),  # the shared rule, in English
        ("The parser should be refactored.", [R]),  # a participle with a task of its own keeps it
    ],
)
def test_a_generic_participle_does_its_subjects_work(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ci serve un'analisi delle performance del servizio di ricerca.", [A]),  # an elided article
        ("Fai un'analisi del bundle.", [A]),
        ("Mettici dei commenti, il codice è illeggibile.", [D]),  # the enclitic "ci"
        ("Aggiungici un test per il caso limite.", [T]),
        ("Scrivi un paio di unit test.", [T]),  # a container takes the task of what it holds ("di")
        ("Refactoring del modulo utenti, poi review del codice.", [R, V]),  # the work named, then "del"
        ("Leggi il codice del parser.", [A]),
        ("Controlla se ci sono dipendenze non usate e rimuovile.", [A, R]),
        ("Stendi una roadmap per il refactoring del monolite.", [P]),
        ("Riusciresti a scrivere i test per la classe Invoice?", [T]),
        ("Hai tempo di fare il refactoring del modulo ordini? Non toccare le API.", [R]),
        ("Isola la logica di business dal controller.", [R]),
        ("Ricontrolla il diff prima di fare il merge.", [V]),  # merging is no task
    ],
)
def test_elisions_enclitics_and_colloquial_asks(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected
