{{ config(enabled=trig.trig_input_snapshot_name('organisations') is not none, materialized='view') }}
{#- The user's organisations as they were at T, from the dbt snapshot named by var
    trig_organisations_snapshot (ADR 306): a replay at a past T sees the attributes of then. -#}
{{ trig.trig_snapshot_as_of('organisations') }}
