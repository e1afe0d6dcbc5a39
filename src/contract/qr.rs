//! QR codes of link URLs as `data:image/png;base64,…`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use qrcode::{Color, QrCode};

use crate::domain::{Error, Reason};

/// Pixels per module, and the quiet zone in modules that scanners need around the symbol.
const SCALE: usize = 8;
const QUIET_ZONE: usize = 4;

pub fn png_data_url(text: &str) -> Result<String, Error> {
    let failed = |what: &str| {
        Error::precondition(
            Reason::QrCodeFailed,
            format!("could not render the QR code: {what}"),
        )
    };
    let code = QrCode::new(text.as_bytes()).map_err(|e| failed(&e.to_string()))?;
    let modules = code.width();
    let side = (modules + 2 * QUIET_ZONE) * SCALE;
    let colors = code.to_colors();
    let mut pixels = vec![255u8; side * side];
    for (index, color) in colors.iter().enumerate() {
        if *color == Color::Dark {
            let (mx, my) = (index % modules + QUIET_ZONE, index / modules + QUIET_ZONE);
            for y in my * SCALE..(my + 1) * SCALE {
                pixels[y * side + mx * SCALE..y * side + (mx + 1) * SCALE].fill(0);
            }
        }
    }
    let mut png = Vec::new();
    {
        let side = u32::try_from(side).map_err(|_| failed("too large"))?;
        let mut encoder = png::Encoder::new(&mut png, side, side);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(|e| failed(&e.to_string()))?;
        writer
            .write_image_data(&pixels)
            .map_err(|e| failed(&e.to_string()))?;
    }
    Ok(format!("data:image/png;base64,{}", STANDARD.encode(png)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_decodable_png() {
        let url = png_data_url("http://localhost:8080/verify?code=abc").unwrap();
        let b64 = url.strip_prefix("data:image/png;base64,").unwrap();
        let bytes = STANDARD.decode(b64).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert_eq!(info.width, info.height);
        assert_eq!(info.width as usize % SCALE, 0);
    }
}
