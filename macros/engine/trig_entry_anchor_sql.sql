{#- Where an entity's entry events start counting (forward-only): when the object went
    live (or was last resumed), or the end of the entity's previous episode plus the
    re-entry cool-down, whichever is later. Events inside a cool-down neither enter nor
    block a later entry. See docs/decisions/005-corner-semantics.md. -#}
{% macro trig_entry_anchor_sql(obj, previous, live_at) -%}
  {%- set ended = 'coalesce(' ~ previous ~ '.completed_at, ' ~ previous ~ '.exited_at)' -%}
  {%- if obj.re_entry.policy == 'after' and obj.re_entry.cooldown_s -%}
    {%- set ended = dbt.dateadd('second', obj.re_entry.cooldown_s, ended) -%}
  {%- endif -%}
  case when coalesce({{ ended }}, {{ live_at }}) > {{ live_at }} then {{ ended }} else {{ live_at }} end
{%- endmacro %}
