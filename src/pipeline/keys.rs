//! Secret keys for the keyed transforms (`hash`, `tokenize`) and Parquet encryption.
//!
//! # Where a key comes from
//!
//! A [`Key`] is 32 random bytes, read from an environment variable (default [`DEFAULT_ENV`],
//! `SCOUR_KEY`) or from a key file ([`KeySource`]). It is never read from the pipeline file, so a
//! pipeline can be committed and shared without its secret.
//!
//! Accepted forms, surrounding ASCII whitespace (such as a file's final newline) ignored:
//!
//! - 64 hexadecimal characters (either case), e.g. the output of `openssl rand -hex 32`;
//! - standard base64 (RFC 4648 alphabet `A–Z a–z 0–9 + /`) of 32 bytes: 44 characters ending
//!   in one `=`, or 43 characters without padding, e.g. `openssl rand -base64 32`. The decoder is
//!   strict: no URL-safe alphabet, no embedded whitespace, and the unused low bits of the last
//!   character must be zero, so every key has exactly one spelling per form.
//!
//! A key whose 32 bytes are all equal (`000…0`, `fff…f`) is refused as a placeholder.
//!
//! Error messages name the variable or the file and say what is wrong (length, alphabet), but
//! never contain the key text or any part of it.
//!
//! A key file should be readable by its owner only (`chmod 600`). scour does not check the
//! file's permissions: the right policy depends on the deployment (secrets mounted by an
//! orchestrator are often group-readable), so it is documented rather than enforced.
//!
//! # One master key, several purposes
//!
//! Transforms never use the master key directly. Each one uses a subkey
//! [`Key::derive`]d for its purpose, `HMAC-SHA-256(master, "scour/v1/" + purpose)`, so that
//! hashing, tokenization and Parquet encryption never use the same key bytes twice and a subkey
//! that leaks from one does not reveal another or the master key. The purposes in use are listed
//! in [`purpose`].
//!
//! [`Key::fingerprint`] is a short public identifier of the master key (32 bits of an HMAC
//! under it) that can be written to a manifest, so that a reader can tell which key produced an
//! output without learning anything useful about the key.
//!
//! # In memory
//!
//! `Key` has no `Display`; its `Debug` prints `Key(…redacted…)`. Its bytes are overwritten with
//! zeros when it is dropped, and so are the intermediate buffers used while parsing. This is best
//! effort: copies made by the operating system (the environment block, the page cache of a key
//! file) and key schedules kept by cipher implementations (AES round keys, HMAC pads) are out of
//! its reach.

use std::fmt;
use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The environment variable a key is read from when the pipeline names none.
pub const DEFAULT_ENV: &str = "SCOUR_KEY";

/// The version prefix of every derivation label: `"scour/v1/" + purpose`.
const LABEL_PREFIX: &str = "scour/v1/";

/// The purposes subkeys are derived for. `"fingerprint"` is reserved for [`Key::fingerprint`]
/// and must not be used as a purpose.
pub mod purpose {
    /// The HMAC key of the `hash` transform.
    pub const HASH: &str = "hash";
    /// The FF1 (AES-256) key of the `tokenize` transform.
    pub const TOKENIZE: &str = "tokenize";
    /// The key that encrypts a Parquet file's footer.
    pub const PARQUET_FOOTER: &str = "parquet-footer";
    /// The prefix of per-column Parquet keys: `parquet-column/<column name>`.
    pub const PARQUET_COLUMN_PREFIX: &str = "parquet-column/";

    /// The purpose of the Parquet key of column `name`.
    pub fn parquet_column(name: &str) -> String {
        format!("{PARQUET_COLUMN_PREFIX}{name}")
    }
}

/// Where to read the master key from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// An environment variable holding the key text.
    Env(String),
    /// A file holding the key text (owner-readable only, by convention).
    File(PathBuf),
}

impl Default for KeySource {
    fn default() -> Self {
        KeySource::Env(DEFAULT_ENV.to_string())
    }
}

impl KeySource {
    /// Reads and parses the key.
    pub fn load(&self) -> Result<Key, String> {
        match self {
            KeySource::Env(var) => Key::from_env(var),
            KeySource::File(path) => Key::from_file(path),
        }
    }

    /// Names the source for messages and manifests (`environment variable SCOUR_KEY`,
    /// `key file /run/secrets/scour`).
    pub fn describe(&self) -> String {
        match self {
            KeySource::Env(var) => format!("environment variable {var}"),
            KeySource::File(path) => format!("key file {}", path.display()),
        }
    }
}

/// A 256-bit master key. See the [module documentation](self).
pub struct Key {
    bytes: [u8; 32],
}

impl Key {
    /// The key length in bytes.
    pub const LEN: usize = 32;

    /// Wraps raw key bytes (for callers that hold a key in another form, and for tests).
    pub fn from_bytes(bytes: [u8; 32]) -> Key {
        Key { bytes }
    }

    /// Reads the key from environment variable `var`.
    pub fn from_env(var: &str) -> Result<Key, String> {
        Self::from_env_value(var, std::env::var_os(var))
    }

    fn from_env_value(var: &str, value: Option<std::ffi::OsString>) -> Result<Key, String> {
        let source = format!("environment variable {var}");
        let Some(value) = value else {
            return Err(format!(
                "{source} is not set; it must hold the key as 64 hex characters or base64 of 32 bytes"
            ));
        };
        let mut bytes = match value.into_string() {
            Ok(s) => s.into_bytes(),
            Err(_) => return Err(format!("{source}: the key is not valid UTF-8 text")),
        };
        let key = Self::parse(&bytes, &source);
        wipe(&mut bytes);
        key
    }

    /// Reads the key from a file. A final newline (any surrounding ASCII whitespace) is ignored.
    pub fn from_file(path: &Path) -> Result<Key, String> {
        let source = format!("key file {}", path.display());
        let mut bytes = std::fs::read(path).map_err(|e| format!("{source}: cannot read: {e}"))?;
        let key = Self::parse(&bytes, &source);
        wipe(&mut bytes);
        key
    }

    /// Parses key text (hex or base64, see the module documentation). `source` names where the
    /// text came from, for the error message; the message never contains the text itself.
    pub fn parse(text: &[u8], source: &str) -> Result<Key, String> {
        let text = text.trim_ascii();
        let mut out = [0u8; 32];
        let decoded = if text.len() == 64 {
            decode_hex(text, &mut out)
        } else if text.len() == 43 || text.len() == 44 {
            decode_base64(text, &mut out)
        } else {
            Err(format!(
                "the key must be 64 hex characters or base64 of 32 bytes (44 characters), got {} characters",
                text.len()
            ))
        };
        if let Err(why) = decoded {
            wipe(&mut out);
            return Err(format!("{source}: {why}"));
        }
        let first = out[0];
        if out.iter().all(|&b| b == first) {
            wipe(&mut out);
            return Err(format!(
                "{source}: the key's 32 bytes are all equal, which looks like a placeholder; \
                 generate one with `openssl rand -hex 32`"
            ));
        }
        let key = Key { bytes: out };
        wipe(&mut out);
        Ok(key)
    }

    /// The subkey for `purpose`: `HMAC-SHA-256(master, "scour/v1/" + purpose)`. Different
    /// purposes give independent keys. The caller should overwrite the returned array when done.
    pub fn derive(&self, purpose: &str) -> [u8; 32] {
        let mut mac = self.mac();
        mac.update(LABEL_PREFIX.as_bytes());
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// The first 8 hex characters of `HMAC-SHA-256(master, "scour/v1/fingerprint")`: identifies
    /// the key in a manifest without revealing it.
    pub fn fingerprint(&self) -> String {
        let mut full = self.derive("fingerprint");
        let fp = hex_lower(&full[..4]);
        wipe(&mut full);
        fp
    }

    fn mac(&self) -> Hmac<Sha256> {
        // HMAC accepts keys of any length; 32 bytes cannot fail.
        <Hmac<Sha256> as Mac>::new_from_slice(&self.bytes).expect("HMAC takes any key length")
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key(…redacted…)")
    }
}

impl Drop for Key {
    fn drop(&mut self) {
        wipe(&mut self.bytes);
    }
}

/// Overwrites `bytes` with zeros in a way the optimiser does not remove.
pub(crate) fn wipe(bytes: &mut [u8]) {
    for b in bytes.iter_mut() {
        // SAFETY: `b` is a valid, aligned, exclusive reference to a `u8`.
        unsafe { std::ptr::write_volatile(b, 0) };
    }
    std::sync::atomic::compiler_fence(std::sync::atomic::Ordering::SeqCst);
}

/// Lowercase hex of `bytes`.
pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(HEX[usize::from(b >> 4)] as char);
        s.push(HEX[usize::from(b & 15)] as char);
    }
    s
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Decodes 64 hex characters into `out`. The error never shows the offending character.
fn decode_hex(text: &[u8], out: &mut [u8; 32]) -> Result<(), String> {
    for (i, pair) in text.chunks_exact(2).enumerate() {
        match (hex_value(pair[0]), hex_value(pair[1])) {
            (Some(hi), Some(lo)) => out[i] = hi << 4 | lo,
            _ => {
                return Err(
                    "the key is 64 characters long but not all of them are hex digits (0-9, a-f)"
                        .into(),
                )
            }
        }
    }
    Ok(())
}

fn base64_value(c: u8) -> Option<u32> {
    match c {
        b'A'..=b'Z' => Some(u32::from(c - b'A')),
        b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Decodes strict standard base64 of exactly 32 bytes (43 symbols, optionally one `=`).
fn decode_base64(text: &[u8], out: &mut [u8; 32]) -> Result<(), String> {
    let symbols = match text {
        [rest @ .., b'='] if rest.len() == 43 => rest,
        _ if text.len() == 43 => text,
        _ => {
            return Err(
                "the key is not base64 of 32 bytes (44 characters ending in one '=')".into(),
            )
        }
    };
    let bad_alphabet = || {
        "the key is neither 64 hex characters nor standard base64 (A-Z, a-z, 0-9, '+', '/')"
            .to_string()
    };
    // 43 symbols = 10 groups of 4 (30 bytes) + 3 symbols (2 bytes, 2 spare bits).
    let mut acc: u32;
    for (g, group) in symbols.chunks(4).enumerate() {
        acc = 0;
        for &c in group {
            acc = acc << 6 | base64_value(c).ok_or_else(bad_alphabet)?;
        }
        if group.len() == 4 {
            out[g * 3] = (acc >> 16) as u8;
            out[g * 3 + 1] = (acc >> 8) as u8;
            out[g * 3 + 2] = acc as u8;
        } else {
            // 18 bits: 16 of data, 2 that must be zero in canonical base64.
            if acc & 3 != 0 {
                return Err("the key is not canonical base64 (non-zero padding bits)".into());
            }
            out[g * 3] = (acc >> 10) as u8;
            out[g * 3 + 1] = (acc >> 2) as u8;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    const B64: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    fn master() -> Key {
        Key::from_bytes(std::array::from_fn(|i| i as u8))
    }

    #[test]
    fn parses_hex_and_base64_forms() {
        let expected: [u8; 32] = std::array::from_fn(|i| i as u8);
        let upper = HEX.to_uppercase();
        let unpadded = &B64[..43];
        let with_newline = format!("{HEX}\n");
        let with_crlf = format!("{B64}\r\n");
        for text in [HEX, &upper, B64, unpadded, &with_newline, &with_crlf] {
            let key = Key::parse(text.as_bytes(), "test").unwrap();
            assert_eq!(key.bytes, expected, "{text:?}");
        }
    }

    #[test]
    fn errors_name_the_source_and_never_echo_the_key() {
        let cases: &[(&str, &str)] = &[
            // (key text, part of the expected message)
            (&HEX[..62], "got 62 characters"),
            (
                "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1fz",
                "hex digits",
            ),
            (
                "9a8b7c6d5e4f9a8b7c6d5e4f9a8b7c6d5e4f9a8b7c6d5e4f9a8b7c6d5e4f9a8",
                "got 63",
            ),
            (
                "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh-=",
                "standard base64",
            ),
            ("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9=", "canonical"),
            ("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8==", "got 45"),
            (
                "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8A",
                "base64 of 32 bytes",
            ),
            (
                "0000000000000000000000000000000000000000000000000000000000000000",
                "placeholder",
            ),
            ("", "got 0 characters"),
        ];
        for &(text, expected) in cases {
            let err = Key::parse(text.as_bytes(), "environment variable MY_KEY").unwrap_err();
            assert!(err.starts_with("environment variable MY_KEY: "), "{err}");
            assert!(err.contains(expected), "{text:?}: {err}");
            // No 6-character window of the key text appears in the message.
            let chars: Vec<char> = text.chars().collect();
            for w in chars.windows(6) {
                let w: String = w.iter().collect();
                assert!(!err.contains(&w), "{err:?} echoes {w:?}");
            }
        }
    }

    #[test]
    fn env_and_file_sources() {
        let unset = "SCOUR_TEST_KEY_THAT_IS_NEVER_SET_4c1f";
        let err = Key::from_env(unset).unwrap_err();
        assert!(err.contains(unset) && err.contains("not set"), "{err}");
        let key = Key::from_env_value("V", Some(HEX.into())).unwrap();
        assert_eq!(key.fingerprint(), "e2a0eb57");

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("scour.key");
        std::fs::write(&path, format!("{B64}\n")).unwrap();
        let key = KeySource::File(path.clone()).load().unwrap();
        assert_eq!(key.fingerprint(), "e2a0eb57");

        std::fs::write(&path, "short\n").unwrap();
        let err = Key::from_file(&path).unwrap_err();
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert!(!err.contains("short"), "{err}");
        let err = Key::from_file(&dir.path().join("missing")).unwrap_err();
        assert!(err.contains("cannot read"), "{err}");
    }

    #[test]
    fn derivation_known_answers_and_independence() {
        // Computed independently with Python's hmac module:
        // hmac.new(bytes(range(32)), b"scour/v1/" + purpose, hashlib.sha256).hexdigest()
        let cases = [
            (
                purpose::HASH,
                "ab84b0fe11245ce8ac934c7307e683d42cb0413f860fda7c7555a2fe30233533",
            ),
            (
                purpose::TOKENIZE,
                "d13d5c7218e3c465ca1faf51a782b22cda3d66aec352c400010101909a62bc98",
            ),
            (
                purpose::PARQUET_FOOTER,
                "3205d015ee4ac27531e46c04a5ad9ccd10c54879350364436509201bcbb9b39a",
            ),
            (
                &purpose::parquet_column("email"),
                "c3a977594f1034a90a7988296db35e678e7cc2c72e41eff64b6ea8cc74376570",
            ),
        ];
        let key = master();
        let mut seen = std::collections::HashSet::new();
        for (purpose, expected) in cases {
            let sub = key.derive(purpose);
            assert_eq!(hex_lower(&sub), expected, "{purpose}");
            assert!(seen.insert(sub), "{purpose} repeats a subkey");
            assert_ne!(sub, key.bytes);
        }
        assert_eq!(key.fingerprint(), "e2a0eb57");
        let mut bytes = [7u8; 32];
        bytes[31] = 8;
        let other = Key::from_bytes(bytes);
        assert_ne!(other.fingerprint(), key.fingerprint());
    }

    #[test]
    fn debug_is_redacted() {
        assert_eq!(format!("{:?}", master()), "Key(…redacted…)");
        assert_eq!(
            KeySource::default().describe(),
            "environment variable SCOUR_KEY"
        );
    }
}
