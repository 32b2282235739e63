//! The autoregulation engine (METHOD.md sections 4-5). (Stub: completed by the training-loop work.)
