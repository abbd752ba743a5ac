//! Record deduplication (Fellegi-Sunter record linkage).

pub mod compare;
