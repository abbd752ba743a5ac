//! Micro-benchmarks of the detector on typical CRM cells (`cargo bench --bench detectors`).
//! Throughput is reported in bytes of cell text per second, one thread.

use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use scour::detect::{phone, CellContext, Detector, DetectorConfig};

fn main() {
    divan::main();
}

const CELLS: &[(&str, &str)] = &[
    ("name", "Anna-Lena Müller"),
    ("city", "Frankfurt am Main"),
    ("email", "anna.mueller@web.de"),
    ("phone_national", "0151 23456789"),
    ("phone_e164", "+4915123456789"),
    ("iban", "DE89 3704 0044 0532 0130 00"),
    ("card", "4111 1111 1111 1111"),
    ("date", "1985-03-27"),
    ("order_number", "ORD-2024-0012345"),
    ("epoch_ms", "1700000123456"),
    ("notes_de", "Kundin rief am 12.03.2024 an, bittet um Rückruf unter 0151 23456789. Neue Adresse folgt per Mail an anna.mueller@web.de, Ticket #4711."),
    ("vat", "DE136695976"),
    ("hetu", "131052-308T"),
    ("national_id_digits", "44051401359"),
    ("mrz", "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<< L898902C36UTO7408122F1204159ZE184226B<<<<<10"),
    ("notes_ids", "Kunde (Steuer-ID 86095742719) hat USt-IdNr. DE136695976 und Personalausweis T220001293; Rückruf unter 0151 23456789."),
    ("notes_names", "Frau Bärbel Köhler bittet um Lieferung an Hauptstraße 12, 10115 Berlin; Rückruf bei Herrn Wiesenthaler."),
    ("notes_plain", "Customer asked about the delivery status of the last order and wants to be contacted next week about an upgrade of the contract."),
];

#[divan::bench(args = CELLS.iter().map(|c| c.0))]
fn detect(bencher: Bencher, name: &str) {
    let detector = Detector::new(&DetectorConfig::default()).unwrap();
    let text = CELLS.iter().find(|c| c.0 == name).unwrap().1;
    let ctx = CellContext {
        hint: None,
        region: phone::region("DE"),
    };
    let mut out = Vec::new();
    bencher.counter(BytesCount::of_str(text)).bench_local(|| {
        out.clear();
        detector.detect(black_box(text), &ctx, &mut out);
        out.len()
    });
}

#[divan::bench]
fn phone_validation(bencher: Bencher) {
    let region = phone::region("DE");
    bencher.bench_local(|| phone::is_valid(black_box("0151 23456789"), region));
}
