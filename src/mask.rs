//! Masked samples: how scour shows a value in reports without showing the value.
//!
//! Every sample in a report or message goes through [`mask`], which keeps only what helps a
//! person recognise the *kind* and *format* of a value (an IBAN's country, a card's last four,
//! an e-mail's TLD) and replaces the rest with `*`. Layout (spaces, dashes) is kept because
//! format problems are what a data-quality reader is looking for.

use crate::entity::Entity;

/// Masks `value`, which was detected as `entity`.
pub fn mask(entity: Entity, value: &str) -> String {
    let value = value.trim();
    let masked = match entity {
        Entity::EmailAddress => mask_email(value),
        Entity::IbanCode => keep_ends(value, 4, 4),
        Entity::CreditCard => keep_ends(value, 0, 4),
        Entity::PhoneNumber => mask_phone(value),
        Entity::IpAddress => mask_ip(value),
        Entity::Url => mask_url(value),
        Entity::DateTime => keep_ends(value, 2, 0),
        _ => keep_ends(value, 0, 2),
    };
    truncate(masked, 48)
}

/// Masks a value whose entity is not known: its layout and at most its last two
/// alphanumerics.
pub fn mask_unknown(value: &str) -> String {
    truncate(keep_ends(value.trim(), 0, 2), 48)
}

fn truncate(s: String, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        return s;
    }
    let mut t: String = s.chars().take(max_chars).collect();
    t.push('…');
    t
}

/// Keeps the first `head` and last `tail` alphanumerics, masks the other alphanumerics and
/// keeps separators. Never reveals more than half of the alphanumerics.
fn keep_ends(value: &str, head: usize, tail: usize) -> String {
    let total = value.chars().filter(|c| c.is_alphanumeric()).count();
    let (head, tail) = if head + tail > total / 2 {
        (head.min(total / 4), tail.min(total / 4))
    } else {
        (head, tail)
    };
    reveal_ends(value, total, head, tail, '*')
}

/// The most of a payment card number (PAN) that PCI DSS (requirement 3.4.1) allows to be
/// displayed: the first six and the last four digits, separators kept. Short numbers show fewer
/// leading digits so that at least four stay hidden; a value that is not 12 to 19 digits long
/// is hidden entirely.
pub fn pci_card(pan: &str) -> String {
    let total = pan.chars().filter(|c| c.is_alphanumeric()).count();
    let (head, tail) = if (12..=19).contains(&total) {
        (6.min(total - 8), 4)
    } else {
        (0, 0)
    };
    reveal_ends(pan, total, head, tail, '*')
}

/// Replaces every alphanumeric of `value` (`total` of them) but the first `head` and last
/// `tail` with `with`, keeping separators.
pub fn reveal_ends(value: &str, total: usize, head: usize, tail: usize, with: char) -> String {
    let mut seen = 0;
    value
        .chars()
        .map(|c| {
            if !c.is_alphanumeric() {
                return c;
            }
            seen += 1;
            if seen <= head || seen > total - tail {
                c
            } else {
                with
            }
        })
        .collect()
}

fn mask_email(value: &str) -> String {
    let Some((local, domain)) = value.rsplit_once('@') else {
        return keep_ends(value, 1, 0);
    };
    let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
    let (host, tld) = domain.rsplit_once('.').unwrap_or((domain, ""));
    format!("{}***@{}***.{}", first(local), first(host), tld)
}

fn mask_phone(value: &str) -> String {
    // Keep a leading "+CC" (country, not person) and the last two digits.
    if let Some(rest) = value.strip_prefix('+') {
        let cc_len = rest
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .count()
            .min(2);
        let (cc, tail) = rest.split_at(cc_len);
        return format!("+{cc}{}", keep_ends(tail, 0, 2));
    }
    keep_ends(value, 0, 2)
}

fn mask_ip(value: &str) -> String {
    if value.contains(':') {
        let first = value.split(':').next().unwrap_or("");
        return format!("{first}:****:…");
    }
    let first = value.split('.').next().unwrap_or("");
    format!("{first}.*.*.*")
}

fn mask_url(value: &str) -> String {
    let (scheme, rest) = match value.find("://") {
        Some(i) => (&value[..i + 3], &value[i + 3..]),
        None => ("", value),
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    // Drop credentials ("user:password@") and the port; show only a short alphabetic TLD of a
    // dotted host.
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("");
    let tld = match host.rsplit_once('.') {
        Some((_, t))
            if (2..=6).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphabetic()) =>
        {
            format!(".{t}")
        }
        _ => String::new(),
    };
    let path = if rest.len() > authority.len() {
        "/…"
    } else {
        ""
    };
    format!("{scheme}***{tld}{path}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_as_documented() {
        assert_eq!(
            mask(Entity::EmailAddress, "john.doe@example.com"),
            "j***@e***.com"
        );
        assert_eq!(
            mask(Entity::IbanCode, "DE89 3704 0044 0532 0130 00"),
            "DE89 **** **** **** **30 00"
        );
        assert_eq!(
            mask(Entity::CreditCard, "4111 1111 1111 1234"),
            "**** **** **** 1234"
        );
        assert_eq!(
            mask(Entity::PhoneNumber, "+49 151 23456789"),
            "+49 *** ******89"
        );
        assert_eq!(mask(Entity::IpAddress, "192.168.1.20"), "192.*.*.*");
        assert_eq!(
            mask(Entity::Url, "https://www.acme.de/team/jane"),
            "https://***.de/…"
        );
        assert_eq!(mask(Entity::NlBsn, "111222333"), "*******33");
    }

    #[test]
    fn urls_never_show_credentials_or_undotted_hosts() {
        assert_eq!(
            mask(Entity::Url, "https://max.mustermann:geheim@intranet/"),
            "https://***/…"
        );
        assert_eq!(mask(Entity::Url, "www.janedoe"), "***");
        assert_eq!(
            mask(Entity::Url, "https://a:b@shop.example.com:8443/x"),
            "https://***.com/…"
        );
    }

    #[test]
    fn pci_card_shows_first_six_and_last_four_at_most() {
        assert_eq!(pci_card("4111 1111 1111 1111"), "4111 11** **** 1111");
        assert_eq!(pci_card("378282246310005"), "378282*****0005");
        // 12 digits: four stay hidden.
        assert_eq!(pci_card("501800000009"), "5018****0009");
        assert_eq!(pci_card("12"), "**");
    }

    #[test]
    fn never_reveals_more_than_half() {
        let m = mask(Entity::IbanCode, "DE89");
        assert_eq!(m.chars().filter(|c| *c != '*').count(), 2);
        assert_eq!(mask(Entity::UsSsn, "1"), "*");
    }
}
