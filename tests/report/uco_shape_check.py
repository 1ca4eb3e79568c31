#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks a CASE/UCO JSON-LD document as RDF against a subset of the ontology's shapes.

Usage: uco_shape_check.py DOCUMENT.jsonld SHAPES.json
Parses the document with rdflib's JSON-LD parser (so the context must expand to the
ontology's IRIs), then checks every typed node: its classes are known, and each property
of its classes and their superclasses has the count, datatype, class and values the shapes
give. Every property in a CASE or UCO namespace must be one the shapes know. Prints each
problem; exit status 1 when there is one, 2 when rdflib is missing (the caller skips).
"""
import json
import sys

try:
    import rdflib
    from rdflib import RDF, Literal, URIRef
except ImportError:
    print("rdflib is not installed", file=sys.stderr)
    sys.exit(2)

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def main():
    doc_path, shapes_path = sys.argv[1], sys.argv[2]
    shapes = json.load(open(shapes_path, encoding="utf-8"))
    prefixes = shapes["prefixes"]

    def iri(curie):
        prefix, local = curie.split(":", 1)
        return URIRef(prefixes[prefix] + local)

    classes = {iri(name): spec for name, spec in shapes["classes"].items()}
    names = {iri(name): name for name in shapes["classes"]}
    supers = {iri(name): [iri(s) for s in spec["super"]] for name, spec in shapes["classes"].items()}

    def closure(cls):
        seen, todo = set(), [cls]
        while todo:
            c = todo.pop()
            if c not in seen:
                seen.add(c)
                todo.extend(supers.get(c, []))
        return seen

    known_properties = {iri(p["path"]) for spec in shapes["classes"].values() for p in spec["properties"]}
    ontology_namespaces = [v for k, v in prefixes.items() if k.startswith(("uco-", "case-"))]

    g = rdflib.Graph()
    g.parse(doc_path, format="json-ld")
    problems = []
    if len(g) == 0:
        problems.append("the document holds no triples")

    for s, p, o in g:
        if any(str(p).startswith(ns) for ns in ontology_namespaces) and p not in known_properties:
            problems.append(f"{s}: property {p} is not in the ontology subset")

    for node in set(g.subjects(RDF.type, None)):
        types = set(g.objects(node, RDF.type))
        all_classes = set()
        for t in types:
            if t not in classes:
                problems.append(f"{node}: class {t} is not a known CASE/UCO class")
                continue
            all_classes |= closure(t)
        if isinstance(node, rdflib.BNode):
            problems.append(f"{node}: a typed node without an IRI")
        for cls in all_classes:
            for prop in shapes["classes"][names[cls]]["properties"]:
                path = iri(prop["path"])
                values = list(g.objects(node, path))
                if "min" in prop and len(values) < prop["min"]:
                    problems.append(f"{node}: {prop['path']} needs at least {prop['min']} value(s), has {len(values)}")
                if "max" in prop and len(values) > prop["max"]:
                    problems.append(f"{node}: {prop['path']} takes at most {prop['max']} value(s), has {len(values)}")
                for v in values:
                    if "datatype" in prop:
                        want = str(iri(prop["datatype"]))
                        if not isinstance(v, Literal):
                            problems.append(f"{node}: {prop['path']} must be a literal of {want}")
                            continue
                        got = str(v.datatype) if v.datatype is not None else XSD_STRING
                        if got != want:
                            problems.append(f"{node}: {prop['path']} is {got}, must be {want}")
                        if "in" in prop and str(v) not in prop["in"]:
                            problems.append(f"{node}: {prop['path']} value {v} is not one of {prop['in']}")
                    if "class" in prop:
                        want = iri(prop["class"])
                        reached = set()
                        for t in g.objects(v, RDF.type):
                            reached |= closure(t)
                        if want not in reached:
                            problems.append(f"{node}: {prop['path']} points to {v}, which is not a {prop['class']}")
    for problem in sorted(set(problems)):
        print(problem)
    print(f"{len(g)} triples, {len(set(problems))} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
