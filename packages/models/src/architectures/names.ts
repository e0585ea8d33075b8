/** Name of the decoder's last (linear) layer, before the sigmoid: its output is the logits of x-hat. */
export const DECODER_LOGITS_LAYER = 'decoder_logits';

/** Name of the image discriminator's Dense(1) layer, before the sigmoid: its output is the logit of p. */
export const DISCRIMINATOR_LOGIT_LAYER = 'discriminator_logit';
