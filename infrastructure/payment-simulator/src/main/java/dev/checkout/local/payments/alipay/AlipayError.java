package dev.checkout.local.payments.alipay;

/** A refusal as Alipay's gateway words it: {@code code} and {@code msg}, with the {@code sub_code} that says why. */
final class AlipayError extends RuntimeException {
    final String code;
    final String msg;
    final String subCode;
    final String subMsg;

    private AlipayError(String code, String msg, String subCode, String subMsg) {
        super(code + " " + subCode + ": " + subMsg, null, false, false);
        this.code = code;
        this.msg = msg;
        this.subCode = subCode;
        this.subMsg = subMsg;
    }

    /** {@code 40001 Missing Required Arguments}. */
    static AlipayError missing(String subCode, String subMsg) {
        return new AlipayError("40001", "Missing Required Arguments", subCode, subMsg);
    }

    /** {@code 40002 Invalid Arguments}. */
    static AlipayError invalid(String subCode, String subMsg) {
        return new AlipayError("40002", "Invalid Arguments", subCode, subMsg);
    }

    /** {@code 40004 Business Failed}: the request was understood and refused. */
    static AlipayError business(String subCode, String subMsg) {
        return new AlipayError("40004", "Business Failed", subCode, subMsg);
    }
}
