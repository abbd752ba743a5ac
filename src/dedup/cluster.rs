//! Clustering: rows linked by pairs at or above the threshold form one cluster (connected
//! components, union-find). A cluster is named by its smallest row number, so the ids do not
//! depend on thread timing or pair order.
//!
//! Transitive links can chain unrelated people into one giant component (A~B, B~C, ...). A
//! component above `max_cluster_size` is reported; with splitting on, it is rebuilt from its
//! own links strongest first, joining two parts only while the result stays within the size.

/// Union-find over rows; the root of a set is its smallest row.
pub struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    pub fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    pub fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = p;
        }
        x
    }

    pub fn size_of(&mut self, x: u32) -> u32 {
        let r = self.find(x);
        self.size[r as usize]
    }

    /// Joins the sets of `a` and `b` unless the result would exceed `max` rows.
    pub fn union(&mut self, a: u32, b: u32, max: u32) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return true;
        }
        let size = self.size[ra as usize] + self.size[rb as usize];
        if size > max {
            return false;
        }
        let (root, child) = (ra.min(rb), ra.max(rb));
        self.parent[child as usize] = root;
        self.size[root as usize] = size;
        true
    }
}

/// A link between two rows with its match probability.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Link {
    pub a: u32,
    pub b: u32,
    pub probability: f64,
}

/// The clustering of every row.
#[derive(Debug, Default)]
pub struct Clusters {
    /// Per row: its cluster's id (the cluster's smallest row).
    pub id: Vec<u32>,
    /// Per row: its cluster's size.
    pub size: Vec<u32>,
    /// Components above the size limit: (smallest row, size before splitting).
    pub large: Vec<(u32, u32)>,
}

/// Clusters `rows` rows from `links` (all at or above the threshold).
pub fn cluster(rows: usize, links: &[Link], max_size: usize, split: bool) -> Clusters {
    let mut uf = UnionFind::new(rows);
    for l in links {
        uf.union(l.a, l.b, u32::MAX);
    }
    let mut large = Vec::new();
    let mut roots: Vec<u32> = (0..rows as u32).map(|r| uf.find(r)).collect();
    let too_big = |uf: &mut UnionFind, r: u32| uf.size_of(r) as usize > max_size;
    let mut big_roots: Vec<u32> = (0..rows as u32)
        .filter(|&r| roots[r as usize] == r && too_big(&mut uf, r))
        .collect();
    big_roots.sort_unstable();
    for &r in &big_roots {
        large.push((r, uf.size_of(r)));
    }
    if split && !big_roots.is_empty() {
        // Rebuild the large components from their own links, strongest first.
        let mut fresh = UnionFind::new(rows);
        let mut mine: Vec<Link> = links
            .iter()
            .copied()
            .filter(|l| big_roots.binary_search(&roots[l.a as usize]).is_ok())
            .collect();
        mine.sort_by(|x, y| {
            y.probability
                .total_cmp(&x.probability)
                .then(x.a.cmp(&y.a))
                .then(x.b.cmp(&y.b))
        });
        for l in &mine {
            fresh.union(l.a, l.b, max_size as u32);
        }
        for r in 0..rows as u32 {
            if big_roots.binary_search(&roots[r as usize]).is_ok() {
                roots[r as usize] = fresh.find(r);
            }
        }
        let mut sizes = vec![0u32; rows];
        for &root in &roots {
            sizes[root as usize] += 1;
        }
        let size = roots.iter().map(|&root| sizes[root as usize]).collect();
        return Clusters {
            id: roots,
            size,
            large,
        };
    }
    let size = roots.iter().map(|&root| uf.size[root as usize]).collect();
    Clusters {
        id: roots,
        size,
        large,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(a: u32, b: u32, p: f64) -> Link {
        Link {
            a,
            b,
            probability: p,
        }
    }

    #[test]
    fn components_are_named_by_their_smallest_row() {
        let c = cluster(
            6,
            &[link(4, 5, 1.0), link(1, 4, 1.0), link(0, 2, 1.0)],
            10,
            true,
        );
        assert_eq!(c.id, vec![0, 1, 0, 3, 1, 1]);
        assert_eq!(c.size, vec![2, 3, 2, 1, 3, 3]);
        assert!(c.large.is_empty());
    }

    #[test]
    fn a_chain_above_the_limit_is_reported_and_split_at_its_weakest_link() {
        // 0-1-2 strongly, 3-4 strongly, 2-3 weakly: one chain of 5 with a limit of 3.
        let links = [
            link(0, 1, 0.99),
            link(1, 2, 0.99),
            link(2, 3, 0.96),
            link(3, 4, 0.99),
        ];
        let kept = cluster(5, &links, 3, false);
        assert_eq!(kept.large, vec![(0, 5)]);
        assert_eq!(kept.id, vec![0; 5]);
        let split = cluster(5, &links, 3, true);
        assert_eq!(split.large, vec![(0, 5)]);
        assert_eq!(split.id, vec![0, 0, 0, 3, 3]);
        assert_eq!(split.size, vec![3, 3, 3, 2, 2]);
    }
}
