{#- The evaluation time T of the newest build, one row. Views (audiences, insight) read
    T from here instead of having it written into their SQL, so their definition is the
    same from one evaluation to the next and trig_view leaves them in place
    (docs/decisions/011-views-read-t-from-a-table.md). -#}
select {{ trig.trig_t() }} as evaluated_at
