"""The index.d.ts reading catches each kind of misfit (no node, no server: a small d.ts written here)."""

from __future__ import annotations

import pytest

from tests.sdk_js.dts import Declarations

DTS = """\
declare class OutboundApi {
	constructor(apiClient?: ApiClientClass);
  	getThing(thingId: string, opts?: OutboundApi.getThingOptions): Promise<Models.Thing>;
  	deleteThing(thingId: string): Promise<void>;
}
declare namespace Models {
	export interface Thing {
		"id": string;
		"size"?: number;
		"active"?: boolean;
		"tags"?: Array<string>;
		"data"?: { [key: string]: string; };
		"state"?: "ON" | "OFF";
		"part"?: Models.Part;
		"extra"?: object;
	}

	export interface Part {
		"name": string;
	}

}
"""


@pytest.fixture
def dts() -> Declarations:
    return Declarations(DTS)


def problems(dts: Declarations, raw: object, type_: str = "Models.Thing") -> list[str]:
    return sorted(str(finding) for finding in dts.audit(raw, type_))


def test_methods_and_a_fitting_body(dts: Declarations) -> None:
    assert dts.returns("OutboundApi", "getThing") == "Models.Thing"
    assert dts.returns("OutboundApi", "deleteThing") == "void"
    good = {
        "id": "t",
        "size": 2,
        "active": False,
        "tags": ["a"],
        "data": {"k": "v"},
        "state": "ON",
        "part": {"name": "p"},
        "extra": {"any": [1]},
    }
    assert problems(dts, good) == []
    assert problems(dts, "", "void") == [] and problems(dts, None, "void") == []


def test_each_misfit_is_reported(dts: Declarations) -> None:
    bad = {"size": "2", "active": 1, "tags": ["a", 3], "data": {"k": 4}, "state": "DIMMED", "part": {}, "nmae": "typo"}
    assert problems(dts, bad) == sorted(
        [
            "$.id (Thing): missing-required: Thing declares 'id' without '?', the body has no such property",
            "$.size (Thing): wrong-type: number expected, got '2'",
            "$.active (Thing): wrong-type: boolean expected, got 1",
            "$.tags[1] (Thing): wrong-type: string expected, got 3",
            "$.data.k (Thing): wrong-type: string expected, got 4",
            "$.state (Thing): not-in-union: 'DIMMED' is not one of ['ON', 'OFF']",
            "$.part.name (Part): missing-required: Part declares 'name' without '?', the body has no such property",
            "$.nmae (Thing): unknown-property: Thing declares no 'nmae'",
        ]
    )


def test_shapes_nulls_and_void(dts: Declarations) -> None:
    assert problems(dts, ["x"]) == ["$ (Thing): wrong-type: Thing object expected, got array"]
    assert problems(dts, {"id": "t", "tags": "a"}) == ["$.tags (Thing): wrong-type: Array<string> expected, got string"]
    assert problems(dts, {"id": None}) == [
        "$.id (Thing): missing-required: Thing declares 'id' without '?', the body has null"
    ]
    assert problems(dts, {"id": "t", "size": None}) == []  # null stands for an absent optional property
    assert problems(dts, {"id": "t"}, "void") == ["$ (void): wrong-type: void declared, got {'id': 't'}"]
    assert problems(dts, [{"id": "t"}, {}], "Array<Models.Thing>") == [
        "$[1].id (Thing): missing-required: Thing declares 'id' without '?', the body has no such property"
    ]


def test_unknown_constructs_fail_loudly(dts: Declarations) -> None:
    with pytest.raises(ValueError, match="unsupported d.ts type"):
        dts.audit(1, "Set<string>")
    with pytest.raises(ValueError, match="unreadable line"):
        Declarations("declare namespace Models {\n\texport interface X {\n\t\tfoo: string\n\t}\n}\n")
