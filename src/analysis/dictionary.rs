//! The IPADIC dictionary, built offline by `build.rs` from Debian's mecab-ipadic sources and
//! embedded in the binary. Loading uses the bytes in place (about a millisecond).

lindera_dictionary::embedded_dictionary!("/lindera-ipadic", EmbeddedIpadicLoader);
