{#- An event condition that asks for events to have happened: a count since the anchor,
    or "at least n within a window" (n >= 1). Both are forward-only (only events after
    the anchor count) and true from the first moment they held, so they are kept as
    running results in int_trig__event_progress. Absence and upper bounds ("at most",
    "exactly", "at least 0") describe the state at T instead. See
    docs/decisions/006-windowed-event-conditions.md. -#}
{% macro trig_is_forward_leaf(leaf) -%}
  {{ return(leaf.within_s is none or (leaf.op == 'at_least' and leaf.n >= 1)) }}
{%- endmacro %}
