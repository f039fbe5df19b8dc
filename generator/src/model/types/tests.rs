//! The IR the type builder produces for small documents: kinds, presence, flattened parts,
//! boxing, `allOf` merges and canonical forms, asserted on the model rather than on the
//! generated text.

use super::*;
use crate::warning::Warning;

/// The finished type space of a document with these component schemas (YAML) and no paths.
fn build(schemas: &str) -> Finished {
    try_build(schemas).unwrap_or_else(|e| panic!("{e}"))
}

fn try_build(schemas: &str) -> crate::error::Result<Finished> {
    let schemas: Value = serde_yaml::from_str(schemas).expect("test schemas are YAML");
    let doc = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    });
    let doc = crate::load::load(&doc.to_string())?;
    let mut builder = TypeBuilder::new(&doc);
    builder.declare_components()?;
    builder.define_components()?;
    Ok(builder.finish())
}

fn id(space: &TypeSpace, name: &str) -> TypeId {
    space.iter().find(|(_, d)| d.name == name).map(|(id, _)| id).unwrap_or_else(|| panic!("no type {name}"))
}

fn kind<'s>(space: &'s TypeSpace, name: &str) -> &'s TypeKind {
    &space[id(space, name)].kind
}

fn structure<'s>(space: &'s TypeSpace, name: &str) -> &'s Struct {
    match kind(space, name) {
        TypeKind::Struct(s) => s,
        other => panic!("{name} is no struct: {other:?}"),
    }
}

fn field<'s>(space: &'s TypeSpace, name: &str, wire: &str) -> &'s Field {
    structure(space, name).fields().find(|f| f.wire == wire).unwrap_or_else(|| panic!("no field {name}.{wire}"))
}

fn named(space: &TypeSpace, name: &str) -> Ty {
    Ty::Named(id(space, name))
}

fn boxed(ty: Ty) -> Ty {
    Ty::Boxed(Box::new(ty))
}

fn messages(warnings: &[Warning]) -> Vec<String> {
    warnings.iter().map(|w| w.to_string()).collect()
}

#[test]
fn schemas_become_the_kind_of_type_they_describe() {
    let Finished { space, .. } = build(
        "
        Pet: {type: object, properties: {name: {type: string}, tags: {type: array, items: {type: object, properties: {label: {type: string}}}}}}
        Status: {type: string, enum: [active, '', active, retired]}
        Level: {type: integer, enum: [1, -2]}
        Shape: {oneOf: [{$ref: '#/components/schemas/Pet'}, {type: string}]}
        Names: {type: array, items: {type: string}}
        Free: {type: object}
        ",
    );
    let pet = structure(&space, "Pet");
    assert_eq!(pet.fields().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["name", "tags"]);
    // The inline item object is named after its place.
    assert_eq!(field(&space, "Pet", "tags").ty, Ty::Vec(Box::new(named(&space, "PetTagsItem"))));
    assert!(matches!(kind(&space, "PetTagsItem"), TypeKind::Struct(_)));
    let TypeKind::Enum(status) = kind(&space, "Status") else { panic!("Status is no enum") };
    let variants: Vec<(&str, &str)> = status.variants.iter().map(|v| (v.name.as_str(), v.value.as_str())).collect();
    assert_eq!(variants, [("Active", "active"), ("Empty", ""), ("Retired", "retired")]);
    assert_eq!(status.other, "Other");
    let TypeKind::IntEnum(level) = kind(&space, "Level") else { panic!("Level is no integer enum") };
    assert_eq!(level, &[("VALUE_1".to_owned(), 1), ("MINUS_2".to_owned(), -2)]);
    let TypeKind::Union(shape) = kind(&space, "Shape") else { panic!("Shape is no union") };
    assert!(shape.tagged.is_none());
    // A struct variant is boxed so that the union stays small; a string is not.
    let variants: Vec<(&str, &Ty)> = shape.variants.iter().map(|v| (v.name.as_str(), &v.ty)).collect();
    assert_eq!(variants, [("Pet", &boxed(named(&space, "Pet"))), ("String", &Ty::String)]);
    assert!(matches!(kind(&space, "Names"), TypeKind::Alias(Ty::Vec(item)) if **item == Ty::String));
    // A free-form object is a map, not a struct without fields.
    assert!(matches!(kind(&space, "Free"), TypeKind::Alias(Ty::JsonMap)));
}

#[test]
fn presence_says_whether_a_member_is_required_optional_nullable_or_defaulted() {
    let Finished { space, warnings, .. } = build(
        "
        Task:
          type: object
          required: [id, note, size]
          properties:
            id: {type: string}
            label: {type: string}
            note: {type: string, nullable: true}
            hint: {type: string, nullable: true}
            retries: {type: integer, format: int32, default: 3}
            size: {type: integer, default: 1}
            mode: {$ref: '#/components/schemas/Mode'}
            speed: {allOf: [{$ref: '#/components/schemas/Mode'}], default: fast}
            small: {type: integer, format: int32, default: 9999999999}
            big: {type: integer, default: 9999999999, nullable: true}
        Mode: {type: string, enum: [fast, slow]}
        ",
    );
    let presence = |wire| field(&space, "Task", wire).presence.clone();
    assert_eq!(presence("id"), Presence::Required);
    assert_eq!(presence("label"), Presence::Optional);
    assert_eq!(presence("note"), Presence::Nullable);
    // Absent and null read the same when the member is optional.
    assert_eq!(presence("hint"), Presence::Optional);
    assert_eq!(presence("retries"), Presence::Defaulted(3.into()));
    // A default makes a required member optional on the wire.
    assert_eq!(presence("size"), Presence::Defaulted(1.into()));
    // A default naming a variant of an enum defined later in the document is kept.
    assert_eq!(presence("speed"), Presence::Defaulted("fast".into()));
    // One that does not fit leaves the field as its schema says, with a warning.
    assert_eq!(presence("small"), Presence::Optional);
    assert!(
        messages(&warnings).iter().any(|m| m.contains("properties/small") && m.contains("does not fit")),
        "{warnings:?}"
    );
    // No default for a nullable member: `null` is its value when absent.
    assert_eq!(presence("big"), Presence::Optional);
    // The type is the value's; the Rust type adds the `Option`.
    let note = field(&space, "Task", "note");
    assert_eq!(note.ty, Ty::String);
    assert_eq!(note.rust_ty(), Ty::String.optional());
    assert_eq!(field(&space, "Task", "retries").rust_ty(), Ty::I32);
    assert_eq!(field(&space, "Task", "mode").rust_ty(), named(&space, "Mode").optional());
}

#[test]
fn a_nullable_component_is_an_option_wherever_it_is_used() {
    let Finished { space, .. } = build(
        "
        User: {type: object, nullable: true, properties: {name: {type: string}}}
        Post: {type: object, required: [author], properties: {author: {$ref: '#/components/schemas/User'}, readers: {type: array, items: {$ref: '#/components/schemas/User'}}}}
        ",
    );
    assert!(space[id(&space, "User")].nullable);
    let author = field(&space, "Post", "author");
    assert_eq!((&author.ty, &author.presence), (&named(&space, "User"), &Presence::Nullable));
    // Where no presence can say it, the `Option` stays in the type.
    assert_eq!(field(&space, "Post", "readers").ty, Ty::Vec(Box::new(named(&space, "User").optional())));
}

#[test]
fn all_of_members_merge_into_one_struct() {
    let Finished { space, .. } = build(
        "
        Base: {type: object, required: [id], properties: {id: {type: string}, name: {type: string}}}
        Named: {allOf: [{$ref: '#/components/schemas/Base'}, {type: object, properties: {extra: {type: integer}}}, {required: [name]}]}
        Closed: {allOf: [{$ref: '#/components/schemas/Base'}, {type: object, additionalProperties: false}]}
        Wrapped: {allOf: [{$ref: '#/components/schemas/Base'}], description: a described reference}
        ",
    );
    let merged = structure(&space, "Named");
    let fields: Vec<(&str, &Presence)> = merged.fields().map(|f| (f.wire.as_str(), &f.presence)).collect();
    // A member that only lists `required` makes the merged properties required.
    assert_eq!(fields, [("id", &Presence::Required), ("name", &Presence::Required), ("extra", &Presence::Optional)]);
    assert!(!merged.has_flattened_parts());
    // Undeclared members are kept unless a member forbids them.
    assert_eq!(merged.additional, Some(("additional_properties".to_owned(), Ty::Json)));
    assert_eq!(structure(&space, "Closed").additional, None);
    // `allOf` with a single shaping member is that member.
    assert!(matches!(kind(&space, "Wrapped"), TypeKind::Alias(t) if *t == named(&space, "Base")));
}

#[test]
fn all_of_members_that_are_no_object_are_flattened_parts() {
    let Finished { space, .. } = build(
        "
        Item: {type: object, properties: {id: {type: string}}}
        Choice: {oneOf: [{type: string}, {type: integer}]}
        Mixed: {allOf: [{$ref: '#/components/schemas/Item'}, {$ref: '#/components/schemas/Choice'}]}
        ",
    );
    let mixed = structure(&space, "Mixed");
    assert_eq!(mixed.fields().map(|f| f.wire.as_str()).collect::<Vec<_>>(), ["id"]);
    let parts: Vec<(&str, &Ty)> = mixed.flattened().map(|p| (p.name.as_str(), &p.ty)).collect();
    assert_eq!(parts, [("choice", &named(&space, "Choice"))]);
    assert!(matches!(mixed.members.last(), Some(Member::Flattened(_))));
    // The part takes the members the fields do not: the struct keeps none of its own.
    assert_eq!(mixed.additional, None);
}

#[test]
fn an_all_of_cycle_is_an_error_but_a_long_chain_is_not() {
    let e = try_build(
        "
        A: {allOf: [{$ref: '#/components/schemas/B'}, {type: object, properties: {a: {type: string}}}]}
        B: {allOf: [{$ref: '#/components/schemas/A'}, {type: object, properties: {b: {type: string}}}]}
        ",
    )
    .err()
    .expect("a cycle of allOf members")
    .to_string();
    assert!(e.contains("allOf members refer to each other in a cycle"), "{e}");
    let mut chain = String::new();
    for i in 0..100 {
        chain.push_str(&format!(
            "S{i}: {{allOf: [{{$ref: '#/components/schemas/S{}'}}, {{type: object, properties: {{p{i}: {{type: string}}}}}}]}}\n",
            i + 1
        ));
    }
    chain.push_str("S100: {type: object, properties: {last: {type: string}}}\n");
    let Finished { space, .. } = build(&chain);
    assert_eq!(structure(&space, "S0").fields().count(), 101);
}

#[test]
fn recursive_types_are_boxed_where_they_hold_themselves_by_value() {
    let Finished { space, .. } = build(
        "
        Node:
          type: object
          required: [value]
          properties:
            value: {type: string}
            next: {$ref: '#/components/schemas/Node'}
            children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        Tree: {type: array, items: {$ref: '#/components/schemas/Tree'}}
        ",
    );
    let next = field(&space, "Node", "next");
    assert_eq!(next.ty, boxed(named(&space, "Node")));
    assert_eq!(next.rust_ty(), boxed(named(&space, "Node")).optional());
    // A `Vec` allocates already.
    assert_eq!(field(&space, "Node", "children").ty, Ty::Vec(Box::new(named(&space, "Node"))));
    // An alias that names itself becomes a newtype; others stay aliases.
    assert!(space[id(&space, "Tree")].newtype);
    assert!(!space[id(&space, "Node")].newtype);
}

#[test]
fn an_alias_that_is_only_a_reference_to_itself_is_an_error() {
    let e = try_build("A: {$ref: '#/components/schemas/B'}\nB: {$ref: '#/components/schemas/A'}\n")
        .err()
        .expect("a cycle of aliases")
        .to_string();
    assert!(e.contains("only a reference to itself"), "{e}");
}

#[test]
fn long_chains_of_required_members_are_boxed_to_bound_nesting() {
    let mut chain = String::new();
    for i in 0..40 {
        chain.push_str(&format!(
            "L{i}: {{type: object, required: [next], properties: {{next: {{$ref: '#/components/schemas/L{}'}}}}}}\n",
            i + 1
        ));
    }
    chain.push_str("L40: {type: object, properties: {end: {type: string}}}\n");
    let Finished { space, .. } = build(&chain);
    let boxed_links = (0..40).filter(|i| matches!(field(&space, &format!("L{i}"), "next").ty, Ty::Boxed(_))).count();
    assert!(boxed_links >= 1, "no link boxed");
    // Boxing is kept to what the bound needs, not every link.
    assert!(boxed_links < 40 / 2, "{boxed_links} links boxed");
}

#[test]
fn canonical_forms_give_ambiguous_schemas_one_shape() {
    let Finished { space, .. } = build(
        "
        Untyped: {items: {type: integer}}
        Kinds: {enum: [a, b]}
        Mixed: {enum: [fast, 1, 2]}
        Either: {type: object, oneOf: [{type: string}, {type: integer}]}
        Both: {properties: {id: {type: string}}, oneOf: [{type: string}, {type: integer}]}
        ",
    );
    assert!(matches!(kind(&space, "Untyped"), TypeKind::Alias(Ty::Vec(item)) if **item == Ty::I64));
    assert!(matches!(kind(&space, "Kinds"), TypeKind::Enum(e) if e.variants.len() == 2));
    // Values of both kinds: a union of an integer enum and a string enum.
    let TypeKind::Union(mixed) = kind(&space, "Mixed") else { panic!("Mixed is no union") };
    let names: Vec<&str> = mixed.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["MixedNumber", "MixedText"]);
    assert!(matches!(kind(&space, "MixedNumber"), TypeKind::IntEnum(_)));
    assert!(matches!(kind(&space, "MixedText"), TypeKind::Enum(_)));
    // A composition with a sibling keyword is the composition.
    assert!(matches!(kind(&space, "Either"), TypeKind::Union(u) if u.variants.len() == 2));
    // With properties beside it: a struct of the properties and the composition flattened in.
    let both = structure(&space, "Both");
    assert_eq!(both.fields().map(|f| f.wire.as_str()).collect::<Vec<_>>(), ["id"]);
    assert_eq!(both.flattened().count(), 1);
}

#[test]
fn a_discriminator_tags_the_union_with_mapping_or_component_names() {
    let Finished { space, .. } = build(
        "
        Cat: {type: object, properties: {kind: {type: string}}}
        Dog: {type: object, properties: {kind: {type: string}}}
        Pet:
          oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
          discriminator: {propertyName: kind, mapping: {feline: '#/components/schemas/Cat'}}
        ",
    );
    let TypeKind::Union(pet) = kind(&space, "Pet") else { panic!("Pet is no union") };
    let tagged = pet.tagged.as_ref().expect("a tagged union");
    assert_eq!(tagged.property, "kind");
    assert_eq!(tagged.tags, ["feline", "Dog"]);
    assert_eq!(pet.variants.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), ["Feline", "Dog"]);
}

#[test]
fn references_into_schemas_follow_the_chain_and_stop_at_a_typed_link() {
    let Finished { space, schema_types, .. } = build(
        "
        Holder: {type: object, properties: {p1: {$ref: '#/components/schemas/Holder/properties/p2'}, p2: {type: string}, alias: {$ref: '#/components/schemas/Alias'}}}
        Alias: {$ref: '#/components/schemas/Target'}
        Target: {type: object, properties: {x: {type: string}}}
        User: {type: object, properties: {name: {$ref: '#/components/schemas/Holder/properties/p1'}, owner: {$ref: '#/components/schemas/Holder/properties/alias'}}}
        ",
    );
    assert_eq!(field(&space, "User", "name").ty, Ty::String);
    // The chain ends at `Alias`, a component with a type of its own, not at its target.
    assert_eq!(field(&space, "User", "owner").ty, named(&space, "Alias"));
    assert_eq!(schema_types.get("#/components/schemas/User/properties/name"), Some(&Ty::String));
    let e = try_build("H: {type: object, properties: {a: {$ref: '#/components/schemas/H/properties/b'}, b: {$ref: '#/components/schemas/H/properties/a'}}}\n")
        .err()
        .expect("a cycle of references")
        .to_string();
    assert!(e.contains("the references form a cycle through `#/components/schemas/H/properties/"), "{e}");
    // A reference to nothing spoils only its place.
    let Finished { space, warnings, fallbacks, .. } =
        build("A: {type: object, properties: {x: {$ref: '#/components/schemas/A/properties/nowhere'}}}\n");
    assert_eq!(field(&space, "A", "x").ty, Ty::Json);
    assert_eq!(fallbacks, ["#/components/schemas/A/properties/x"]);
    assert_eq!(
        messages(&warnings),
        [
            "#/components/schemas/A/properties/x: cannot resolve `$ref: #/components/schemas/A/properties/nowhere`: nothing is there; generated as serde_json::Value"
        ]
    );
}

#[test]
fn references_to_components_never_defined_become_values_and_the_rest_is_typed() {
    let Finished { space, warnings, fallbacks, .. } = build(
        "
        Product:
          type: object
          required: [id]
          properties:
            id: {type: string}
            custom_attributes: {$ref: '#/components/schemas/custom_attributes'}
            tags: {type: array, items: {$ref: '#/components/schemas/Tag'}}
        Merged:
          allOf: [{$ref: '#/components/schemas/Product'}, {$ref: '#/components/schemas/Gone'}]
        Alias: {$ref: '#/components/schemas/Nowhere'}
        ",
    );
    assert_eq!(field(&space, "Product", "id").ty, Ty::String);
    assert_eq!(field(&space, "Product", "custom_attributes").ty, Ty::Json);
    assert_eq!(field(&space, "Product", "tags").ty, Ty::Vec(Box::new(Ty::Json)));
    // An `allOf` keeps the members it can read; the missing one is a part of any value.
    assert!(field(&space, "Merged", "id").presence == Presence::Required);
    assert_eq!(structure(&space, "Merged").flattened().map(|p| &p.ty).collect::<Vec<_>>(), [&Ty::Json]);
    assert!(matches!(kind(&space, "Alias"), TypeKind::Alias(Ty::Json)));
    // Each place once, though `Merged` types `Product`'s members again.
    assert_eq!(fallbacks.len(), 4, "{fallbacks:?}");
    let shown = messages(&warnings);
    assert!(
        shown.contains(&"#/components/schemas/Product/properties/custom_attributes: cannot resolve `$ref: #/components/schemas/custom_attributes`: nothing is there; generated as serde_json::Value".to_owned()),
        "{shown:#?}"
    );
    assert!(shown.iter().any(|w| w.starts_with("#/components/schemas/Merged/allOf/1: cannot resolve")), "{shown:#?}");
}

#[test]
fn an_all_of_of_scalars_is_that_scalar_keeping_enums_nullability_and_docs() {
    let Finished { space, .. } = build(
        "
        State: {type: string, enum: [open, closed]}
        Order:
          type: object
          required: [state, note, count, mixed]
          properties:
            state:
              allOf:
              - $ref: '#/components/schemas/State'
              - {type: string, nullable: true, description: 'The state, if known.'}
            note:
              allOf: [{type: string, maxLength: 3}, {type: string}]
            count:
              allOf: [{type: integer}, {type: integer, format: int32, minimum: 0}]
            mixed:
              allOf: [{type: string}, {type: integer}]
        NullableState:
          allOf: [{$ref: '#/components/schemas/State'}, {type: string, nullable: true}]
        ",
    );
    let state = field(&space, "Order", "state");
    assert_eq!(state.ty, named(&space, "State"));
    assert_eq!(state.presence, Presence::Nullable);
    assert_eq!(state.doc.as_deref(), Some("The state, if known."));
    let note = field(&space, "Order", "note");
    assert_eq!((&note.ty, &note.presence), (&Ty::String, &Presence::Required));
    // The member with a `format` gives the Rust type.
    assert_eq!(field(&space, "Order", "count").ty, Ty::I32);
    // Scalars of different types are no scalar: merged as before, into parts.
    assert!(matches!(field(&space, "Order", "mixed").ty, Ty::Named(_)));
    let nullable = &space[id(&space, "NullableState")];
    assert!(nullable.nullable);
    assert!(matches!(&nullable.kind, TypeKind::Alias(t) if *t == named(&space, "State")));
}

#[test]
fn null_among_enum_values_makes_the_enum_nullable() {
    let Finished { space, .. } = build(
        "
        Level: {type: string, enum: [low, high, null]}
        Plain: {type: string, enum: [low, high]}
        Shirt:
          type: object
          required: [size, priority, level, plain, flag, typed]
          properties:
            size: {type: string, enum: [S, M, null]}
            priority: {type: integer, enum: [1, 2, null]}
            level: {$ref: '#/components/schemas/Level'}
            plain: {$ref: '#/components/schemas/Plain'}
            flag: {enum: [yes, null]}
            typed: {type: [string, 'null'], enum: [a, b, null]}
        ",
    );
    assert!(space[id(&space, "Level")].nullable);
    assert!(!space[id(&space, "Plain")].nullable);
    for wire in ["size", "priority", "level", "flag", "typed"] {
        assert_eq!(field(&space, "Shirt", wire).presence, Presence::Nullable, "{wire}");
    }
    assert_eq!(field(&space, "Shirt", "plain").presence, Presence::Required);
    assert!(matches!(kind(&space, "ShirtSize"), TypeKind::Enum(e) if e.variants.len() == 2));
    assert!(matches!(kind(&space, "ShirtPriority"), TypeKind::IntEnum(v) if v.len() == 2));
}

#[test]
fn untagged_unions_with_an_object_variant_get_a_catch_all() {
    let Finished { space, .. } = build(
        "
        Card: {type: object, additionalProperties: false, properties: {number: {type: string}}}
        Payment: {oneOf: [{$ref: '#/components/schemas/Card'}, {type: string}]}
        Other: {type: object, properties: {x: {type: string}}}
        Named: {oneOf: [{$ref: '#/components/schemas/Card'}, {$ref: '#/components/schemas/Other'}]}
        Scalar: {oneOf: [{type: string}, {type: integer}]}
        Loose: {oneOf: [{$ref: '#/components/schemas/Card'}, {}]}
        ",
    );
    let other = |name| match kind(&space, name) {
        TypeKind::Union(u) => u.other.clone(),
        other => panic!("{name} is no union: {other:?}"),
    };
    assert_eq!(other("Payment").as_deref(), Some("Other"));
    // The name does not clash with a variant's.
    assert_eq!(other("Named").as_deref(), Some("Other2"));
    assert_eq!(other("Scalar"), None);
    // A variant of any value already keeps everything.
    assert_eq!(other("Loose"), None);
}

#[test]
fn secrets_and_read_only_members_are_marked() {
    let Finished { space, .. } = build(
        "
        Login: {type: object, properties: {user: {type: string}, password: {type: string}, pin: {type: string, format: password}, api_token: {type: integer}, id: {type: string, readOnly: true}}}
        ",
    );
    let secret = |wire| field(&space, "Login", wire).secret;
    assert!(!secret("user"));
    assert!(secret("password") && secret("pin"));
    // Only strings hold secrets.
    assert!(!secret("api_token"));
    assert!(field(&space, "Login", "id").read_only);
    assert!(structure(&space, "Login").has_secrets());
}

#[test]
fn a_type_walks_its_inner_types_outermost_first() {
    let a = TypeId(0);
    let ty = Ty::Vec(Box::new(Ty::Option(Box::new(Ty::Boxed(Box::new(Ty::Named(a)))))));
    assert_eq!(ty.walk().count(), 4);
    assert_eq!(ty.named().collect::<Vec<_>>(), [a]);
    assert!(ty.any(&|t| matches!(t, Ty::Boxed(_))));
    // A `Vec` allocates: what it holds is not held directly; an `Option` holds in place.
    assert_eq!(ty.direct_named(), None);
    assert_eq!(Ty::Named(a).optional().direct_named(), Some(a));
    assert_eq!(Ty::Option(Box::new(Ty::Boxed(Box::new(Ty::String)))).unwrapped(), &Ty::String);
}
