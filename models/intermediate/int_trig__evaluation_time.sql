{#- The evaluation time T of the newest build, one row. Views (audiences, insight) read
    T from here instead of having it written into their SQL, so their definition is the
    same from one evaluation to the next and trig_view leaves them in place
    (docs/decisions/011-views-read-t-from-a-table.md).
    Incremental, its one row replaced in the insert's transaction: a table would be
    replaced by every build, and on PostgreSQL that drops every view reading T by cascade,
    racing the staging views' cascades (docs/decisions/007-single-input-staging-views.md). -#}
{{ config(materialized='incremental', pre_hook="{% if is_incremental() %}delete from {{ this }}{% endif %}") }}
select {{ trig.trig_t() }} as evaluated_at
