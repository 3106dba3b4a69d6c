//! Lengths in PostScript points, the unit every stage after the model speaks.

use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

/// A length in points (1/72 inch).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Pt(pub f64);

impl Pt {
    /// Zero.
    pub const ZERO: Pt = Pt(0.0);

    /// Millimetres to points.
    pub fn mm(mm: f64) -> Pt {
        Pt(mm * 72.0 / 25.4)
    }

    /// Inches to points.
    pub fn inches(inches: f64) -> Pt {
        Pt(inches * 72.0)
    }

    /// The value in points.
    pub fn get(self) -> f64 {
        self.0
    }

    /// The larger of two lengths.
    pub fn max(self, other: Pt) -> Pt {
        Pt(self.0.max(other.0))
    }

    /// The smaller of two lengths.
    pub fn min(self, other: Pt) -> Pt {
        Pt(self.0.min(other.0))
    }
}

/// A length in a font's design units; `per_em` of them make one em.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct FontUnits(pub i32);

impl FontUnits {
    /// The length at a font size, given the font's units per em.
    pub fn at(self, size: Pt, per_em: u16) -> Pt {
        Pt(f64::from(self.0) * size.0 / f64::from(per_em))
    }
}

impl Add for Pt {
    type Output = Pt;
    fn add(self, o: Pt) -> Pt {
        Pt(self.0 + o.0)
    }
}

impl AddAssign for Pt {
    fn add_assign(&mut self, o: Pt) {
        self.0 += o.0;
    }
}

impl Sub for Pt {
    type Output = Pt;
    fn sub(self, o: Pt) -> Pt {
        Pt(self.0 - o.0)
    }
}

impl SubAssign for Pt {
    fn sub_assign(&mut self, o: Pt) {
        self.0 -= o.0;
    }
}

impl Mul<f64> for Pt {
    type Output = Pt;
    fn mul(self, k: f64) -> Pt {
        Pt(self.0 * k)
    }
}

impl Div<f64> for Pt {
    type Output = Pt;
    fn div(self, k: f64) -> Pt {
        Pt(self.0 / k)
    }
}

impl Neg for Pt {
    type Output = Pt;
    fn neg(self) -> Pt {
        Pt(-self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        assert!((Pt::mm(25.4).get() - 72.0).abs() < 1e-9);
        assert_eq!(Pt::inches(6.0), Pt(432.0));
        assert_eq!(FontUnits(500).at(Pt(10.0), 1000), Pt(5.0));
    }
}
