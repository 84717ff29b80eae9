"""Path sentences read right: every pair of relations of the vocabulary, walked both ways, and quotes."""

import re

import pytest

from actorgraph.cli import cli
from actorgraph.paths import ActorPath, Hop
from actorgraph.text import quoted
from actorgraph.vocabulary import Vocabulary

#: The roles each family of relations may give, whichever the direction.
FAMILY_ROLES = {
    "hostile": {"enemy of"},
    "neutral": {"counterpart of"},
    "cooperative": {
        "ally of",
        "backer of",
        "protégé of",
        "defender of",
        "party defended by",
        "proxy of",
        "patron of",
    },
    "structural": {
        "associate of",
        "leader of",
        "body led by",
        "member of",
        "group of",
        "deputy leader of",
        "spokesperson for",
        "body represented by",
        "part of",
        "parent body of",
    },
}


@pytest.fixture(scope="module")
def relations(seed):
    return list(Vocabulary.from_graph(seed).relations.values())


def hop(relation, direction, source, target):
    return Hop(
        source=source,
        target=target,
        source_label=source,
        target_label=target,
        relation=relation.name,
        relation_label=relation.label,
        relation_iri=str(relation.iri),
        direction=direction,
        polarity=relation.polarity.lower(),
        symmetric=relation.symmetric,
        relations=(relation.name,),
        claims=(),
    )


def walks(relation):
    return ["forward"] if relation.symmetric else ["forward", "backward"]


def test_every_two_hop_sentence_of_the_vocabulary_reads_right(relations):
    checked = 0
    for first in relations:
        for second in relations:
            for one in walks(first):
                for two in walks(second):
                    hops = (hop(first, one, "Iran", "Hezbollah"), hop(second, two, "Hezbollah", "Hassan Nasrallah"))
                    phrase = ActorPath(("Iran", "Hezbollah", "Hassan Nasrallah"), hops).sign_phrase
                    match = re.fullmatch(r"(an?) (.+ (?:of|by|for)) (an?) (.+ (?:of|by|for)) Iran", phrase)
                    assert match, phrase
                    article, role, inner_article, inner_role = match.groups()
                    # The article agrees with the word after it, and every role has one.
                    for art, word in ((article, role), (inner_article, inner_role)):
                        assert art == ("an" if word[0] in "aeiou" else "a"), phrase
                    assert (role, inner_role) == (hops[1].role, hops[0].role)
                    # The role word is one of its family's: a hostile relation never makes an ally.
                    assert hops[0].role in FAMILY_ROLES[first.polarity.lower()], (first.name, phrase)
                    assert hops[1].role in FAMILY_ROLES[second.polarity.lower()], (second.name, phrase)
                    assert " the " not in f" {phrase} " and "  " not in phrase
                    checked += 1
    assert checked > 4 * len(relations) ** 2 // 2


def test_a_relation_and_its_inverse_give_the_same_roles_walked_the_other_way(relations):
    by_name = {r.name: r for r in relations}
    pairs = [(r, by_name[r.inverse]) for r in relations if r.inverse]
    assert len(pairs) >= 6
    for relation, inverse in pairs:
        assert hop(relation, "forward", "A", "B").role == hop(inverse, "backward", "A", "B").role
        assert hop(relation, "backward", "A", "B").role == hop(inverse, "forward", "A", "B").role


def test_the_defended_party_is_not_a_protege(relations):
    defends = next(r for r in relations if r.name == "defends")
    hostile = next(r for r in relations if r.name == "hostileTo")
    partOf = next(r for r in relations if r.name == "partOf")
    path = ActorPath(
        ("United States", "Israel", "Iran", "IRGC"),
        (
            hop(defends, "forward", "United States", "Israel"),
            hop(hostile, "forward", "Israel", "Iran"),
            hop(partOf, "backward", "Iran", "IRGC"),
        ),
    )
    assert path.sign_phrase == "a part of an enemy of a party defended by United States"


@pytest.mark.parametrize(
    ("quote", "shown"),
    [
        ("Iran-backed Hamas", "“Iran-backed Hamas”"),
        ("“A direct military attack from Iran.”", "“A direct military attack from Iran.”"),
        ("“We are supporting,” the official said.", "‘“We are supporting,” the official said.’"),
        ("“One,” he said, “two.”", "‘“One,” he said, “two.”’"),
    ],
)
def test_quotes_are_never_wrapped_twice(quote, shown):
    assert quoted(quote) == shown


def test_the_cli_shows_quotes_with_their_own_marks_once(runner):
    claims = runner.invoke(cli, ["claims"], catch_exceptions=False).stdout
    assert "“A direct military attack from Iran against Israel" in claims
    assert "‘“We are actively supporting defensive preparations" in claims
    assert not re.search(r"““|””|‘‘", claims)
    path = runner.invoke(cli, ["path", "United States", "Iran"], catch_exceptions=False).stdout
    assert not re.search(r"““|””", path) and " is the " not in path
