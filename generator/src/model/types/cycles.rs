//! Types that hold themselves, or too much: recursion is boxed, aliases that name themselves
//! become newtypes, a cycle of aliases is an error, and what stays by value is bounded in
//! depth and size (`bound_nesting`), since rustc computes layouts one query level per nested
//! type.

use super::{Member, PerType, Ty, TypeId, TypeKind, TypeSpace};
use crate::error::{Error, Result};

/// Boxes the variants of unions that name a struct, union or alias, so that one large variant
/// does not make every value of the union large (a nullable component as a variant becomes
/// `Option<Box<T>>`).
pub(super) fn box_union_variants(space: &mut TypeSpace) {
    let mut boxable = PerType::new(space, false);
    for (id, def) in space.iter() {
        boxable[id] = !matches!(def.kind, TypeKind::Enum(_) | TypeKind::IntEnum(_));
    }
    for id in space.ids() {
        if let TypeKind::Union(u) = &mut space[id].kind {
            for v in &mut u.variants {
                if v.ty.direct_named().is_some_and(|target| boxable[target]) {
                    v.ty = box_inner(v.ty.clone());
                }
            }
        }
    }
}

/// Marks the aliases that name themselves through containers as newtypes.
pub(super) fn mark_newtypes(space: &mut TypeSpace) {
    for id in space.ids() {
        space[id].newtype = alias_names_itself(space, id);
    }
}

/// Boxes the members and variants through which a type would contain itself by value.
pub(super) fn box_recursion(space: &mut TypeSpace) {
    for id in space.ids() {
        let boxed = |space: &TypeSpace, ty: &Ty| ty.direct_named().is_some_and(|target| reaches(space, target, id));
        let mut kind = space[id].kind.clone();
        match &mut kind {
            TypeKind::Struct(s) => {
                for m in &mut s.members {
                    if boxed(space, m.ty()) {
                        *m.ty_mut() = box_inner(m.ty().clone());
                    }
                }
            }
            TypeKind::Union(u) => {
                for v in &mut u.variants {
                    if boxed(space, &v.ty) {
                        v.ty = box_inner(v.ty.clone());
                    }
                }
            }
            _ => {}
        }
        space[id].kind = kind;
    }
}

/// Refuses aliases that lead back to themselves through other aliases only: no type is left to
/// hold anything.
pub(super) fn check_alias_cycles(space: &TypeSpace) -> Result<()> {
    // Each type is walked once: a chain that reaches a type already known to end in a
    // non-alias stops there (linear in the number of types, however long the chains).
    #[derive(Clone, Copy, PartialEq)]
    enum Seen {
        No,
        OnChain,
        Ends,
    }
    let mut seen = PerType::new(space, Seen::No);
    for start in space.ids() {
        let mut chain = Vec::new();
        let mut current = start;
        while seen[current] == Seen::No {
            seen[current] = Seen::OnChain;
            chain.push(current);
            let TypeKind::Alias(ty) = &space[current].kind else { break };
            let Some(next) = ty.direct_named() else { break };
            if seen[next] == Seen::OnChain {
                return Err(Error::invalid(
                    space[start].origin.clone(),
                    format!(
                        "this schema is only a reference to itself through other references (a $ref cycle with no object in between, closed by `{}`)",
                        space[next].origin
                    ),
                ));
            }
            current = next;
        }
        for id in chain {
            seen[id] = Seen::Ends;
        }
    }
    Ok(())
}

/// Wraps the named type inside an optional in a `Box`.
pub(super) fn box_inner(ty: Ty) -> Ty {
    match ty {
        Ty::Option(inner) => Ty::Option(Box::new(box_inner(*inner))),
        other => Ty::Boxed(Box::new(other)),
    }
}

/// How deep types may nest by value. rustc computes a type's layout (and its drop glue)
/// through every member held by value, one query level per type: a chain of a few hundred
/// schemas, each a required member of the previous, overflows its query depth ("queries
/// overflow the depth limit"). Far below that (the limit is 128), and above any hand-written
/// model.
const MAX_INLINE_DEPTH: usize = 24;

/// How large a type may grow by value before members are boxed: schemas holding the same
/// struct twice, level after level, double in size at each level.
const MAX_INLINE_SIZE: usize = 64 * 1024;

/// Boxes struct members and union variants where holding them by value would nest deeper than
/// [`MAX_INLINE_DEPTH`] or grow a type beyond [`MAX_INLINE_SIZE`], so that any schema graph
/// compiles (recursion was broken by [`box_recursion`] already; this bounds what is left).
pub(super) fn bound_nesting(space: &mut TypeSpace) {
    let mut memo = PerType::new(space, None);
    for id in space.ids() {
        measure(space, id, &mut memo);
    }
}

type Memo = PerType<Option<(usize, usize)>>;

/// A type's by-value nesting depth and approximate size in bytes, boxing members as needed.
fn measure(space: &mut TypeSpace, id: TypeId, memo: &mut Memo) -> (usize, usize) {
    if let Some(known) = memo[id] {
        return known;
    }
    // Recursion is boxed already; should a cycle remain, it is not followed twice.
    memo[id] = Some((1, 8));
    let mut kind = space[id].kind.clone();
    // `ty` as held, in an `Option` when `optional`; boxed when it is too deep or too large.
    let member = |space: &mut TypeSpace, ty: &mut Ty, optional: bool, memo: &mut Memo| {
        let held = |ty: &Ty| if optional { Ty::Option(Box::new(ty.clone())) } else { ty.clone() };
        let (depth, size) = measure_ty(space, &held(ty), memo);
        if depth >= MAX_INLINE_DEPTH || size > MAX_INLINE_SIZE {
            *ty = box_inner(ty.clone());
            return measure_ty(space, &held(ty), memo);
        }
        (depth, size)
    };
    let result = match &mut kind {
        TypeKind::Struct(s) => {
            let (mut depth, mut size) = (0, if s.additional.is_some() { 24 } else { 0 });
            for m in &mut s.members {
                let (d, sz) = match m {
                    Member::Field(f) => member(space, &mut f.ty, f.presence.is_option(), memo),
                    Member::Flattened(p) => member(space, &mut p.ty, false, memo),
                };
                depth = depth.max(d);
                size += sz;
            }
            (depth + 1, size.max(1))
        }
        TypeKind::Union(u) => {
            let (mut depth, mut size) = (0, 0);
            for v in &mut u.variants {
                let (d, sz) = member(space, &mut v.ty, false, memo);
                depth = depth.max(d);
                size = size.max(sz);
            }
            (depth + 1, size + 8)
        }
        // A type alias is no type of its own: it is as deep as what it names.
        TypeKind::Alias(ty) if !space[id].newtype => measure_ty(space, ty, memo),
        TypeKind::Alias(ty) => {
            let (depth, size) = measure_ty(space, ty, memo);
            (depth + 1, size)
        }
        TypeKind::Enum(_) => (1, 32),
        TypeKind::IntEnum(_) => (1, 8),
    };
    space[id].kind = kind;
    memo[id] = Some(result);
    result
}

fn measure_ty(space: &mut TypeSpace, ty: &Ty, memo: &mut Memo) -> (usize, usize) {
    match ty {
        Ty::Named(id) => measure(space, *id, memo),
        Ty::Option(inner) => {
            let (depth, size) = measure_ty(space, inner, memo);
            (depth + 1, size + 8)
        }
        Ty::Boxed(_) => (0, 8),
        Ty::Bool => (0, 1),
        Ty::I32 | Ty::U32 => (0, 4),
        Ty::I64 | Ty::U64 | Ty::F64 => (0, 8),
        Ty::Date => (0, 4),
        Ty::DateTime | Ty::Uuid => (0, 16),
        Ty::Json | Ty::JsonMap => (0, 32),
        Ty::String | Ty::Base64 | Ty::Binary | Ty::Vec(_) | Ty::Map(_) => (0, 24),
    }
}

/// Whether alias `id` mentions itself through aliases only (inside `Vec`, maps, options...):
/// with no struct, enum or union in between, no Rust type alias can express it.
fn alias_names_itself(space: &TypeSpace, id: TypeId) -> bool {
    let TypeKind::Alias(start) = &space[id].kind else { return false };
    let mut stack: Vec<TypeId> = start.named().collect();
    let mut seen = PerType::new(space, false);
    while let Some(next) = stack.pop() {
        if next == id {
            return true;
        }
        if std::mem::replace(&mut seen[next], true) {
            continue;
        }
        if let TypeKind::Alias(ty) = &space[next].kind {
            stack.extend(ty.named());
        }
    }
    false
}

/// Whether `from` contains `to` by value (through fields, variants and aliases).
fn reaches(space: &TypeSpace, from: TypeId, to: TypeId) -> bool {
    let mut stack = vec![from];
    let mut seen = PerType::new(space, false);
    while let Some(id) = stack.pop() {
        if id == to {
            return true;
        }
        if std::mem::replace(&mut seen[id], true) {
            continue;
        }
        stack.extend(space[id].kind.held_tys().filter_map(Ty::direct_named));
    }
    false
}
