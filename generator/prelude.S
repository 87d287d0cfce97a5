/* The layout runtime (prelude.lua) embedded as a NUL-terminated string. */
    .section .rodata
    .global lt_prelude
    .type lt_prelude, @object
lt_prelude:
    .incbin "prelude.lua"
    .byte 0
    .size lt_prelude, . - lt_prelude
    .section .note.GNU-stack,"",@progbits
