# bash completion for lapse(1): subcommands, their flags, and the names
# flags take (roles, channels, support details, presets, languages).
# Installed where bash-completion's pkg-config file says (completionsdir).

_lapse()
{
    local cur prev words cword
    if declare -F _init_completion >/dev/null 2>&1; then
        _init_completion || return
    else
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD - 1]}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi

    local commands="cancel status timeline check batch policy"
    local subscription="--start --term --renewal-term --billing --billing-day --billing-month --price --renewal-price
        --currency --contract --no-auto-renew --no-online-cancel --balance --licenses
        --cancelled-on --item --trial-end --concluded-on --no-withdrawal-informed --express-request
        --intro-months --intro-price --paused-from --resumes-on"
    local request="--on --channel --role --cannot-sign-in --provided --end-on --at --zone --reduce"
    local presets="default immediate-prorated eu-consumer evergreen-contract killbill-like killbill-fixed30
        lago-advance lago-arrears"

    if [[ $cword -eq 1 ]]; then
        COMPREPLY=($(compgen -W "$commands --help --version -V" -- "$cur"))
        return
    fi

    case $prev in
        --role)
            COMPREPLY=($(compgen -W "billing-admin product-admin billing-contact" -- "$cur"))
            return ;;
        --channel)
            COMPREPLY=($(compgen -W "online support" -- "$cur"))
            return ;;
        --provided)
            COMPREPLY=($(compgen -W "account-id admin-email card-last4 billing-address products all" \
                -- "$cur"))
            return ;;
        --lang)
            COMPREPLY=($(compgen -W "en it" -- "$cur"))
            return ;;
        --policy)
            COMPREPLY=($(compgen -W "$presets" -- "$cur") $(compgen -f -- "$cur"))
            return ;;
        -o | --output)
            COMPREPLY=($(compgen -f -- "$cur"))
            return ;;
        --start | --term | --renewal-term | --billing | --billing-day | --billing-month | --price | --renewal-price | --currency | \
            --balance | --licenses | --cancelled-on | --concluded-on | --on | --end-on | --from | --to | -j | --jobs | --keep | \
            --at | --zone | --item | --reduce | --trial-end | --intro-months | --intro-price | \
            --paused-from | --resumes-on)
            return ;; # a value of the user's own
    esac

    local flags
    case ${words[1]} in
        cancel) flags="$subscription $request --policy --lang --json --help" ;;
        status) flags="$subscription --on --at --zone --policy --lang --json --help" ;;
        timeline) flags="$subscription $request --from --to --policy --lang --json --help" ;;
        check) flags="--policy --json --help" ;;
        batch) flags="-o --output -j --jobs --keep --policy --json --help" ;;
        policy)
            if [[ $cword -eq 2 ]]; then
                COMPREPLY=($(compgen -W "show check lint" -- "$cur"))
            else
                COMPREPLY=($(compgen -W "$presets --json --help" -- "$cur") $(compgen -f -- "$cur"))
            fi
            return ;;
        *) return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$flags" -- "$cur"))
    elif [[ ${words[1]} == check || ${words[1]} == batch ]]; then
        COMPREPLY=($(compgen -f -- "$cur"))
    else
        COMPREPLY=($(compgen -W "$flags" -- "$cur"))
    fi
}
complete -F _lapse lapse
