{#- Compares T with the last evaluation recorded in trig_evaluations: an older T is
    refused (history would be rewritten); the same T again is a no-op. -#}
{#- The last evaluation is read once per model and invocation: rendering an evaluation
    asks for it once per object (300 queries at 160 objects), and only the
    trig_evaluations model, after this one, changes it. -#}
{% macro trig_last_evaluation_time() -%}
  {%- if not execute -%}{{ return(none) }}{%- endif -%}
  {%- set cached = trig.trig_invocation_cached('last_evaluation:' ~ this) -%}
  {%- if cached is not none -%}{{ return(cached.value) }}{%- endif -%}
  {%- set relation = adapter.get_relation(database=this.database, schema=this.schema, identifier='trig_evaluations') -%}
  {%- set last = trig.trig_scalar_timestamp('select max(evaluated_at) from ' ~ relation) if relation is not none else none -%}
  {{ return(trig.trig_invocation_cache('last_evaluation:' ~ this, last)) }}
{%- endmacro %}

{#- true when this evaluation must produce nothing new (T already evaluated). -#}
{% macro trig_evaluation_is_repeat() -%}
  {%- if not execute or flags.FULL_REFRESH or not is_incremental() -%}{{ return(false) }}{%- endif -%}
  {%- set t = trig.trig_evaluation_time() -%}
  {%- set last = trig.trig_last_evaluation_time() -%}
  {%- if last is none -%}{{ return(false) }}{%- endif -%}
  {%- if t < last -%}
    {{ exceptions.raise_compiler_error("trig: evaluation time " ~ t ~ " is older than the last evaluation (" ~ last ~ "); evaluations only move forward. Re-run with --full-refresh to rebuild history from the inputs.") }}
  {%- endif -%}
  {{ return(t == last) }}
{%- endmacro %}
