{{ config(enabled=trig.trig_source_enabled('pendo')) }}
{#- Pendo's visitor <-> account links (many-to-many), first seen time per pair. -#}
{%- set rel = trig.trig_source_table('pendo', 'visitor_account_history') -%}
{%- set c = trig.trig_source_columns(rel) -%}
{%- set s = dbt.type_string() -%}

select
    cast({{ trig.trig_source_column(c, rel, 'visitor_id', required=true) }} as {{ s }}) as visitor_id,
    cast({{ trig.trig_source_column(c, rel, 'account_id', required=true) }} as {{ s }}) as account_id,
    min(cast({{ trig.trig_source_column(c, rel, 'last_updated_at') }} as {{ dbt.type_timestamp() }})) as member_since
from {{ rel }}
group by 1, 2
