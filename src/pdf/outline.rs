//! The outline's tree: which entry nests under which, found in one pass over the entries.

/// Each outline entry's place in the tree, by index.
pub struct Tree {
    /// The nearest earlier entry of a lower level (none: the entry hangs from the outline root).
    pub parent: Vec<Option<usize>>,
    /// The previous entry under the same parent.
    pub prev: Vec<Option<usize>>,
    /// The next entry under the same parent.
    pub next: Vec<Option<usize>>,
    /// The entries whose parent this is, in order.
    pub children: Vec<Vec<usize>>,
    /// The entries that hang from the outline root, in order.
    pub roots: Vec<usize>,
}

impl Tree {
    /// The tree of entries at these levels (0: top level). Linear in the entries: a pairwise
    /// search was cubic, seconds for a reference book's thousands of headings. Siblings are all
    /// the children of one parent, whatever their levels: a part whose first heading skips a
    /// level (a level-2 heading, then a level-1 one) still gives readers one chain of children.
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
        let mut children = vec![Vec::new(); n];
        let mut roots = Vec::new();
        for (i, p) in parent.iter().enumerate() {
            match p {
                Some(p) => children[*p].push(i),
                None => roots.push(i),
            }
        }
        let (mut prev, mut next) = (vec![None; n], vec![None; n]);
        for siblings in children.iter().chain(std::iter::once(&roots)) {
            for pair in siblings.windows(2) {
                prev[pair[1]] = Some(pair[0]);
                next[pair[0]] = Some(pair[1]);
            }
        }
        Tree { parent, prev, next, children, roots }
    }
}

#[cfg(test)]
mod tests {
    use super::Tree;

    #[test]
    fn every_outline_is_one_tree_whose_siblings_are_chained_in_order() {
        // Every sequence of up to seven entries at levels 0-2, skipped levels and a book that
        // opens below the top level included.
        for len in 0..=7u32 {
            for code in 0..3usize.pow(len) {
                let levels: Vec<usize> = (0..len).map(|k| code / 3usize.pow(k) % 3).collect();
                let t = Tree::new(&levels);
                for i in 0..levels.len() {
                    // The parent is the nearest earlier entry of a lower level.
                    let want =
                        (levels[i] > 0).then(|| (0..i).rev().find(|&j| levels[j] < levels[i])).flatten();
                    assert_eq!(t.parent[i], want, "{levels:?} entry {i}");
                }
                // Walking First → Next from each parent (and the root) meets exactly its children,
                // and Prev walks them back: the chains PDF readers follow.
                let mut seen = 0;
                for siblings in t.children.iter().chain(std::iter::once(&t.roots)) {
                    let mut walk = Vec::new();
                    let mut at = siblings.first().copied();
                    while let Some(i) = at {
                        walk.push(i);
                        at = t.next[i];
                    }
                    assert_eq!(&walk, siblings, "{levels:?}");
                    let back: Vec<usize> =
                        std::iter::successors(siblings.last().copied(), |&i| t.prev[i]).collect();
                    assert_eq!(back.into_iter().rev().collect::<Vec<_>>(), *siblings, "{levels:?}");
                    seen += siblings.len();
                }
                assert_eq!(seen, levels.len(), "every entry is in one chain: {levels:?}");
                for (p, children) in t.children.iter().enumerate() {
                    assert!(children.iter().all(|&c| t.parent[c] == Some(p)), "{levels:?}");
                }
                assert!(t.roots.iter().all(|&r| t.parent[r].is_none()), "{levels:?}");
            }
        }
    }
}
