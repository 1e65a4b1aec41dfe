"""CJM001–CJM006: format errors found while loading. They cannot be ignored or downgraded."""

from cjm.codes import CORE_NAMES
from cjm.rules.registry import describe

describe(
    "CJM001",
    CORE_NAMES["CJM001"],
    "error",
    """The file is not valid YAML, or breaks a loader limit (size, alias bomb, nesting, encoding).

    Why: A journey lives in git next to the consultant's notes; a file that does not
    parse cannot be linted, scored or rendered, so nothing downstream can be trusted.
    cjm also refuses Python tags, alias bombs, files over the size limit and text that
    is not UTF-8, because journeys arrive from clients and CRM exports.

    Fails:
        cjm: 1
        id: broken
        title: "unclosed quote

    Passes:
        cjm: 1
        id: fixed
        title: "closed quote"

    Fix: Correct the YAML at the position shown. Save the file as UTF-8; split very
    large files; raise limits.file_mb in .cjm.yaml if the size is legitimate.
    """,
)

describe(
    "CJM002",
    CORE_NAMES["CJM002"],
    "error",
    """A value fails the format: wrong type, out of range, unknown key, missing required key.

    Why: The map is data other people and tools rely on. A mistyped key (emotoin) or
    an emotion of 5 on a -2..+2 scale silently distorts the scores and the handout.

    Fails:
        touchpoints:
          - {id: call, stage: support, emotion: 5}

    Passes:
        touchpoints:
          - {id: call, stage: support, emotion: 2}

    Fix: Use the keys and ranges of the format (`cjm schema` gives the JSON Schema;
    editors with the YAML extension complete them). Keep your own data under keys
    starting with `x-`.
    """,
)

describe(
    "CJM003",
    CORE_NAMES["CJM003"],
    "error",
    """A mapping repeats a key.

    Why: Most YAML tools keep the last value and drop the first without a word, so half
    of what the workshop wrote down disappears. cjm refuses to guess.

    Fails:
        - id: call
          owner: Kundeservice
          owner: Salg

    Passes:
        - id: call
          owner: Kundeservice

    Fix: Keep one of the keys; if both values matter, record the second one elsewhere
    (for example in `backstage` or an `x-` key).
    """,
)

describe(
    "CJM004",
    CORE_NAMES["CJM004"],
    "error",
    """Two items of one kind share an id.

    Why: Ids tie actions, opportunities and insights to touchpoints and let `cjm diff`
    follow an item across versions. Two touchpoints with one id make every reference
    to it ambiguous.

    Fails:
        touchpoints:
          - {id: call, stage: support}
          - {id: call, stage: billing}

    Passes:
        touchpoints:
          - {id: support-call, stage: support}
          - {id: billing-call, stage: billing}

    Fix: Give each item of a kind its own id (ids only need to be unique within their kind).
    """,
)

describe(
    "CJM005",
    CORE_NAMES["CJM005"],
    "error",
    """A reference (stage, personas, next, touchpoints, addresses) names no such item.

    Why: A touchpoint in a stage that does not exist, or an action addressing a
    touchpoint that was renamed, falls out of the map and out of the action plan.

    Fails:
        actions:
          - {id: fix, addresses: [instal-guide]}

    Passes:
        actions:
          - {id: fix, addresses: [install-guide]}

    Fix: Correct the id, or add the missing item.
    """,
)

describe(
    "CJM006",
    CORE_NAMES["CJM006"],
    "error",
    """`cjm:` is missing or names a format version this cjm does not know.

    Why: `cjm: 1` marks a file as a journey and says which format it follows, so old
    maps keep working when the format grows.

    Fails:
        id: broadband
        title: Bredbånd

    Passes:
        cjm: 1
        id: broadband
        title: Bredbånd

    Fix: Start the file with `cjm: 1`, or upgrade cjm if the file uses a newer version.
    """,
)
