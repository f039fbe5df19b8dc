/// A value that can be sent as a path, query, header or cookie parameter.
pub trait ParamValue {
    /// Appends the text of each value: one for a scalar, one per item for a list.
    fn param_values(&self, out: &mut Vec<String>);
}

impl ParamValue for str {
    fn param_values(&self, out: &mut Vec<String>) {
        out.push(self.to_owned());
    }
}

impl ParamValue for String {
    fn param_values(&self, out: &mut Vec<String>) {
        out.push(self.clone());
    }
}

macro_rules! display_param {
    ($($t:ty),*) => {
        $(impl ParamValue for $t {
            fn param_values(&self, out: &mut Vec<String>) {
                out.push(self.to_string());
            }
        })*
    };
}

display_param!(bool, i32, i64, u64, f32, f64);

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn param_values(&self, out: &mut Vec<String>) {
        (**self).param_values(out);
    }
}

impl<T: ParamValue> ParamValue for [T] {
    fn param_values(&self, out: &mut Vec<String>) {
        self.iter().for_each(|v| v.param_values(out));
    }
}

impl<T: ParamValue> ParamValue for Vec<T> {
    fn param_values(&self, out: &mut Vec<String>) {
        self.iter().for_each(|v| v.param_values(out));
    }
}

/// Parameters whose schema is an object or anything-goes are sent as JSON text.
#[allow(dead_code)]
pub(crate) fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
