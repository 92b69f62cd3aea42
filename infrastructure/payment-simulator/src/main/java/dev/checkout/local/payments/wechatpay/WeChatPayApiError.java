package dev.checkout.local.payments.wechatpay;

/** A refusal as WeChat Pay answers it: an HTTP status and {@code {"code": ..., "message": ...}}. */
final class WeChatPayApiError extends RuntimeException {
    final int status;
    final String code;

    WeChatPayApiError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    static WeChatPayApiError paramError(String message) {
        return new WeChatPayApiError(400, "PARAM_ERROR", message);
    }

    static WeChatPayApiError orderNotExist() {
        return new WeChatPayApiError(404, "ORDER_NOT_EXIST", "订单不存在");
    }
}
