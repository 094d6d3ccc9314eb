//! State codes: ISO 3166-1 alpha-2 (or ISO 3166-3 former codes such as `DD`), stored inline.

use std::fmt;
use std::str::FromStr;

/// A state's code: 2 to 4 ASCII upper-case letters or digits (`GB`, `TR`, `DD`; synthetic
/// histories use longer codes such as `S123`). `Copy`, ordered, hashable, never allocates.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StateCode([u8; 4]);

/// Why a string is not a state code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadCode(pub String);

impl fmt::Display for BadCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a state code: use an ISO 3166-1 alpha-2 code such as GB, TR or UA",
            self.0.escape_debug()
        )
    }
}
impl std::error::Error for BadCode {}

impl StateCode {
    /// Parses a code, accepting lower case (`gb` → `GB`).
    pub fn parse(s: &str) -> Result<Self, BadCode> {
        let t = s.trim();
        let bytes = t.as_bytes();
        if !(2..=4).contains(&bytes.len()) || !bytes.iter().all(|b| b.is_ascii_alphanumeric()) {
            return Err(BadCode(s.to_string()));
        }
        let mut out = [0u8; 4];
        for (o, b) in out.iter_mut().zip(bytes) {
            *o = b.to_ascii_uppercase();
        }
        Ok(StateCode(out))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        let len = self.0.iter().position(|&b| b == 0).unwrap_or(4);
        // Only ASCII alphanumerics are ever stored.
        std::str::from_utf8(&self.0[..len]).unwrap_or("??")
    }

    /// A const constructor for two-letter codes known at compile time.
    pub const fn iso2(code: &[u8; 2]) -> Self {
        StateCode([code[0], code[1], 0, 0])
    }
}

impl FromStr for StateCode {
    type Err = BadCode;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for StateCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for StateCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for StateCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for StateCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        StateCode::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_normalises() {
        assert_eq!(StateCode::parse("gb").unwrap().as_str(), "GB");
        assert_eq!(StateCode::parse("S123").unwrap().as_str(), "S123");
        assert_eq!(StateCode::iso2(b"TR"), StateCode::parse("TR").unwrap());
    }

    #[test]
    fn rejects_garbage() {
        for bad in ["", "G", "GBRXX", "G-", "é1", "  "] {
            assert!(StateCode::parse(bad).is_err(), "{bad:?} accepted");
        }
    }
}
