//! The gRPC services' codec: prost's encoding, and a decoding that answers a request which is
//! not valid protobuf (a string field that is not UTF-8, a field cut short, a wrong wire type)
//! as the caller's mistake — `INVALID_ARGUMENT` naming the field prost stopped at — where
//! prost's own codec answers `INTERNAL`.

use std::marker::PhantomData;

use prost::Message;
use tonic::codec::{DecodeBuf, Decoder};
use tonic::Status;
use tonic_prost::ProstEncoder;

use crate::domain::Error;

/// Named by the generated services (`codec_path` in build.rs).
#[derive(Debug, Clone)]
pub struct Codec<T, U>(PhantomData<(T, U)>);

impl<T, U> Default for Codec<T, U> {
    fn default() -> Self {
        Codec(PhantomData)
    }
}

impl<T, U> tonic::codec::Codec for Codec<T, U>
where
    T: Message + Send + 'static,
    U: Message + Default + Send + 'static,
{
    type Encode = T;
    type Decode = U;
    type Encoder = ProstEncoder<T>;
    type Decoder = StrictDecoder<U>;

    fn encoder(&mut self) -> Self::Encoder {
        ProstEncoder::default()
    }

    fn decoder(&mut self) -> Self::Decoder {
        StrictDecoder(PhantomData)
    }
}

/// Decodes a request, refusing one that is not valid protobuf as the caller's error.
#[derive(Debug)]
pub struct StrictDecoder<U>(PhantomData<U>);

impl<U: Message + Default> Decoder for StrictDecoder<U> {
    type Item = U;
    type Error = Status;

    fn decode(&mut self, buf: &mut DecodeBuf<'_>) -> Result<Option<U>, Status> {
        U::decode(buf)
            .map(Some)
            .map_err(|err| malformed(&err.to_string()).into())
    }
}

/// prost says `failed to decode Protobuf message: Inner.field: Outer.field: what` (innermost
/// first); the field is the path of field names from the outside in.
fn malformed(prost_says: &str) -> Error {
    let said = prost_says
        .strip_prefix("failed to decode Protobuf message: ")
        .unwrap_or(prost_says);
    let mut parts: Vec<&str> = said.split(": ").collect();
    let what = parts.pop().unwrap_or("malformed");
    let path: Vec<&str> = parts
        .iter()
        .rev()
        .filter_map(|part| part.rsplit_once('.').map(|(_, field)| field))
        .collect();
    let field = if path.is_empty() {
        "request".to_owned()
    } else {
        path.join(".")
    };
    Error::invalid(field, format!("is not valid protobuf: {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_that_is_not_utf8_is_named_by_its_path() {
        // CreateInquiryRequest { inquiry (1): Inquiry { reference_id (5): b"\xff" } }
        let inner = [0x2a, 0x01, 0xff];
        let mut bytes = vec![0x0a, 3];
        bytes.extend(inner);
        let err = crate::pb::CreateInquiryRequest::decode(bytes.as_slice()).unwrap_err();
        let Error::InvalidArgument(violations) = malformed(&err.to_string()) else {
            panic!("not INVALID_ARGUMENT");
        };
        assert_eq!(violations[0].field, "inquiry.reference_id", "{err}");
        assert!(
            violations[0].description.contains("UTF-8"),
            "{violations:?}"
        );
        let Error::InvalidArgument(violations) =
            malformed("failed to decode Protobuf message: buffer underflow")
        else {
            panic!("not INVALID_ARGUMENT");
        };
        assert_eq!(violations[0].field, "request");
    }
}
