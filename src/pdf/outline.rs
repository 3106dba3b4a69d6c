//! The outline's tree: which entry nests under which, found in one pass over the entries.

use std::collections::HashMap;

/// Each outline entry's place in the tree, by index.
pub struct Tree {
    /// The nearest earlier entry of a lower level (none for a top-level entry).
    pub parent: Vec<Option<usize>>,
    /// The previous entry of the same level under the same parent.
    pub prev: Vec<Option<usize>>,
    /// The next entry of the same level under the same parent.
    pub next: Vec<Option<usize>>,
    /// The entries whose parent this is, in order.
    pub children: Vec<Vec<usize>>,
}

impl Tree {
    /// The tree of entries at these levels (0: top level). Linear in the entries: a pairwise
    /// search was cubic, seconds for a reference book's thousands of headings.
    pub fn new(levels: &[usize]) -> Tree {
        let n = levels.len();
        let mut parent = vec![None; n];
        // Earlier entries that may still be a parent, their levels rising.
        let mut open: Vec<usize> = Vec::new();
        for (i, &level) in levels.iter().enumerate() {
            while open.last().is_some_and(|&j| levels[j] >= level) {
                open.pop();
            }
            if level > 0 {
                parent[i] = open.last().copied();
            }
            open.push(i);
        }
        let (mut prev, mut next) = (vec![None; n], vec![None; n]);
        let mut last: HashMap<(Option<usize>, usize), usize> = HashMap::new();
        for i in 0..n {
            if let Some(p) = last.insert((parent[i], levels[i]), i) {
                prev[i] = Some(p);
                next[p] = Some(i);
            }
        }
        let mut children = vec![Vec::new(); n];
        for (i, p) in parent.iter().enumerate() {
            if let Some(p) = p {
                children[*p].push(i);
            }
        }
        Tree { parent, prev, next, children }
    }
}

#[cfg(test)]
mod tests {
    use super::Tree;

    /// The pairwise search the tree replaced, as the reference.
    fn reference(levels: &[usize]) -> Tree {
        let parent_of = |i: usize| -> Option<usize> {
            (levels[i] > 0).then(|| (0..i).rev().find(|&j| levels[j] < levels[i])).flatten()
        };
        let n = levels.len();
        let siblings = |i: usize| -> Vec<usize> {
            (0..n).filter(|&j| parent_of(j) == parent_of(i) && levels[j] == levels[i]).collect()
        };
        let mut t = Tree { parent: vec![], prev: vec![], next: vec![], children: vec![] };
        for i in 0..n {
            let sibs = siblings(i);
            let pos = sibs.iter().position(|&j| j == i).unwrap_or(0);
            t.parent.push(parent_of(i));
            t.prev.push(pos.checked_sub(1).map(|p| sibs[p]));
            t.next.push(sibs.get(pos + 1).copied());
            t.children.push((0..n).filter(|&j| parent_of(j) == Some(i)).collect());
        }
        t
    }

    #[test]
    fn the_tree_matches_the_pairwise_search_on_every_shape_of_outline() {
        // Every sequence of up to seven entries at levels 0-2, skipped levels and a book that
        // opens below the top level included.
        for len in 0..=7u32 {
            for code in 0..3usize.pow(len) {
                let levels: Vec<usize> = (0..len).map(|k| code / 3usize.pow(k) % 3).collect();
                let (got, want) = (Tree::new(&levels), reference(&levels));
                assert_eq!(got.parent, want.parent, "{levels:?}");
                assert_eq!(got.prev, want.prev, "{levels:?}");
                assert_eq!(got.next, want.next, "{levels:?}");
                assert_eq!(got.children, want.children, "{levels:?}");
            }
        }
    }
}
